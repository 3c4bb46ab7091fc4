package dev.nlulab.tasks;

import dev.nlulab.tasks.World.Place;
import dev.nlulab.tasks.World.Thing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Solves task items from their text alone, without the generators' arithmetic: word problems are read
 * sentence by sentence into a state of who has how many of what; commonsense questions are looked up in
 * the world's tables; symbolic ones are worked out directly. Used to check every generated answer.
 */
final class TaskSolver {
    private static final String N = "([A-Z][a-z]+)", W = "([a-z]+)", D = "(\\d+)";

    private TaskSolver() {
    }

    static String solve(TaskItem item) {
        return switch (item.family()) {
            case "addsub", "multiarith", "singleeq", "svamp", "gsm8k" -> String.valueOf(new Story().answer(item.question()));
            case "asdiv" -> String.valueOf(asdiv(item.question()));
            case "aqua" -> letterOf(item, String.valueOf(aqua(item.question())));
            case "csqa" -> csqa(item);
            case "strategyqa" -> strategyqa(item.question()) ? "yes" : "no";
            case "lastletters" -> lastLetters(item.question());
            case "coinflip" -> coinFlip(item.question()) ? "yes" : "no";
            case "weekdays" -> weekday(item.question());
            case "reverse" -> reverse(item.question());
            case "sortdigits" -> sortDigits(item.question());
            default -> throw new IllegalArgumentException("no solver for " + item.family());
        };
    }

    /** Who has how many of what, as c * x + k where x is the one unknown ("had some"). */
    private static final class Story {
        private final Map<String, long[]> have = new HashMap<>();
        private final List<Runnable> events = new ArrayList<>();
        private final Map<String, Long> shares = new HashMap<>();
        private long unknown;
        private String sharer;

        long answer(String text) {
            String[] sentences = text.split("(?<=[.?])\\s+");
            String question = sentences[sentences.length - 1];
            for (int i = 0; i < sentences.length - 1; i++) read(sentences[i]);
            events.forEach(Runnable::run);
            return ask(question);
        }

        private long[] get(String who, String what) {
            return have.computeIfAbsent(who + "|" + what, k -> new long[] {0, 0});
        }

        private void set(String who, String what, long[] v) {
            have.put(who + "|" + what, v);
        }

        private void add(String who, String what, long n) {
            long[] v = get(who, what);
            set(who, what, new long[] {v[0], v[1] + n});
        }

        private long value(String who, String what) {
            long[] v = get(who, what);
            return v[0] * unknown + v[1];
        }

        private void read(String s) {
            Matcher m;
            if ((m = match("Before that, " + N + " had " + D + " " + W + "(?: and " + N + " had " + D + " " + W + ")?\\.", s)) != null) {
                Matcher f = m;
                events.add(0, () -> {
                    set(f.group(1), f.group(3), new long[] {0, Long.parseLong(f.group(2))});
                    if (f.group(4) != null) set(f.group(4), f.group(6), new long[] {0, Long.parseLong(f.group(5))});
                });
                return;
            }
            Matcher f;
            if ((m = match(N + " has " + D + " " + W + " and " + N + " has " + D + " " + W + "\\.", s)) != null) {
                f = m;
                events.add(() -> {
                    set(f.group(1), f.group(3), new long[] {0, Long.parseLong(f.group(2))});
                    set(f.group(4), f.group(6), new long[] {0, Long.parseLong(f.group(5))});
                });
            } else if ((m = match(N + " (?:has|buys) " + D + " " + W + " of " + W + " with " + D + " " + W + " in each " + W + "\\.", s)) != null) {
                f = m;
                events.add(() -> add(f.group(1), f.group(4), Long.parseLong(f.group(2)) * Long.parseLong(f.group(5))));
            } else if ((m = match(N + " has " + D + " (more|fewer) " + W + " than " + N + "\\.", s)) != null) {
                f = m;
                events.add(() -> {
                    long n = Long.parseLong(f.group(2)) * (f.group(3).equals("more") ? 1 : -1);
                    set(f.group(1), f.group(4), new long[] {0, value(f.group(5), f.group(4)) + n});
                });
            } else if ((m = match(N + " has " + D + " times as many " + W + " as " + N + "\\.", s)) != null) {
                f = m;
                events.add(() -> set(f.group(1), f.group(3),
                        new long[] {0, Long.parseLong(f.group(2)) * value(f.group(4), f.group(3))}));
            } else if ((m = match(N + " (?:also )?has " + D + " " + W + "\\.", s)) != null) {
                f = m;
                events.add(() -> set(f.group(1), f.group(3), new long[] {0, Long.parseLong(f.group(2))}));
            } else if ((m = match(N + " (?:buys|finds) " + D + " more " + W + "\\.", s)) != null) {
                f = m;
                events.add(() -> add(f.group(1), f.group(3), Long.parseLong(f.group(2))));
            } else if ((m = match(N + " gives " + D + " " + W + " to " + N + "\\.", s)) != null) {
                f = m;
                events.add(() -> {
                    add(f.group(1), f.group(3), -Long.parseLong(f.group(2)));
                    add(f.group(4), f.group(3), Long.parseLong(f.group(2)));
                });
            } else if ((m = match(N + " loses " + D + " " + W + "\\.", s)) != null) {
                f = m;
                events.add(() -> add(f.group(1), f.group(3), -Long.parseLong(f.group(2))));
            } else if ((m = match(N + " buys " + D + " " + W + " for " + D + " dollars each\\.", s)) != null) {
                f = m;
                events.add(() -> {
                    add(f.group(1), f.group(3), Long.parseLong(f.group(2)));
                    add(f.group(1), "dollars", -Long.parseLong(f.group(2)) * Long.parseLong(f.group(4)));
                });
            } else if ((m = match(N + " also buys an? " + W + " for " + D + " dollars\\.", s)) != null) {
                f = m;
                events.add(() -> add(f.group(1), "dollars", -Long.parseLong(f.group(3))));
            } else if ((m = match(N + " had some " + W + "\\.", s)) != null) {
                f = m;
                events.add(() -> set(f.group(1), f.group(2), new long[] {1, 0}));
            } else if ((m = match("Now " + N + " has " + D + " " + W + "\\.", s)) != null) {
                f = m;
                events.add(() -> {
                    long[] v = get(f.group(1), f.group(3));
                    unknown = (Long.parseLong(f.group(2)) - v[1]) / v[0];
                });
            } else if ((m = match(N + " shares the " + W + " equally among " + D + " friends\\.", s)) != null) {
                f = m;
                events.add(() -> shares.put(f.group(2), Long.parseLong(f.group(3))));
                sharer = f.group(1);
            } else {
                throw new IllegalArgumentException("solver cannot read the sentence: " + s);
            }
        }

        private long ask(String q) {
            Matcher m;
            if ((m = match("How many " + W + " does each friend get\\?", q)) != null) {
                return value(sharer, m.group(1)) / shares.get(m.group(1));
            }
            if ((m = match("How many " + W + " do " + N + " and " + N + " have together\\?", q)) != null) {
                return value(m.group(2), m.group(1)) + value(m.group(3), m.group(1));
            }
            if ((m = match("How many " + W + " did " + N + " have at first\\?", q)) != null) return unknown;
            if ((m = match("How many " + W + " does " + N + " have(?: now| left)?\\?", q)) != null) {
                return value(m.group(2), m.group(1));
            }
            throw new IllegalArgumentException("solver cannot read the question: " + q);
        }
    }

    private static long asdiv(String q) {
        Matcher m;
        if ((m = match("A hall has " + D + " rows of chairs with " + D + " chairs in each row\\. " + D + " chairs are taken\\. How many chairs are free\\?", q)) != null) {
            return num(m, 1) * num(m, 2) - num(m, 3);
        }
        if ((m = match("A baker made " + D + " cakes in the morning and " + D + " cakes in the afternoon\\. The baker sold " + D + " cakes\\. How many cakes are left\\?", q)) != null) {
            return num(m, 1) + num(m, 2) - num(m, 3);
        }
        if ((m = match("A bus has " + D + " passengers\\. At the first stop, " + D + " people get off and " + D + " people get on\\. How many passengers are on the bus now\\?", q)) != null) {
            return num(m, 1) - num(m, 2) + num(m, 3);
        }
        if ((m = match(N + " reads " + D + " pages a day for " + D + " days\\. The book has " + D + " pages\\. How many pages are left to read\\?", q)) != null) {
            return num(m, 4) - num(m, 2) * num(m, 3);
        }
        throw new IllegalArgumentException("solver cannot read: " + q);
    }

    private static long aqua(String q) {
        Matcher m;
        if ((m = match("A shop sells " + W + " for " + D + " dollars each\\. How many dollars do " + D + " " + W + " cost\\?", q)) != null) {
            return num(m, 2) * num(m, 3);
        }
        if ((m = match("A train travels " + D + " miles each hour\\. How many miles does it travel in " + D + " hours\\?", q)) != null) {
            return num(m, 1) * num(m, 2);
        }
        if ((m = match("If x \\+ " + D + " = " + D + ", what is x\\?", q)) != null) return num(m, 2) - num(m, 1);
        if ((m = match("A rectangle is " + D + " meters wide and " + D + " meters long\\. What is its perimeter in meters\\?", q)) != null) {
            return 2 * num(m, 1) + 2 * num(m, 2);
        }
        if ((m = match("What is the average of " + D + " and " + D + "\\?", q)) != null) return (num(m, 1) + num(m, 2)) / 2;
        throw new IllegalArgumentException("solver cannot read: " + q);
    }

    private static String letterOf(TaskItem item, String value) {
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < item.options().size(); i++) {
            if (item.options().get(i).equals(value)) hits.add(TaskItem.LETTERS.get(i));
        }
        if (hits.size() != 1) throw new IllegalStateException(item.id() + ": value " + value + " is among the choices " + hits.size() + " times");
        return hits.get(0);
    }

    // The world read through its own tables: phrases to facts.
    private static final Map<String, Thing> BY_USE = World.THINGS.stream()
            .collect(Collectors.toMap(t -> "the thing you use to " + t.use(), Function.identity()));
    private static final Map<String, Thing> BY_NAME = World.THINGS.stream()
            .collect(Collectors.toMap(Thing::name, Function.identity()));
    private static final Map<String, Place> BY_DESCRIPTION = World.PLACES.stream()
            .collect(Collectors.toMap(Place::description, Function.identity()));

    private static String csqa(TaskItem item) {
        String q = item.question();
        Matcher m;
        Function<String, Boolean> right;
        if ((m = match("Which of these would you most likely find in (.+)\\?", q)) != null) {
            Place place = BY_DESCRIPTION.get(m.group(1));
            right = o -> BY_NAME.get(o).place().equals(place.name());
        } else if ((m = match("Where would you most likely find (.+)\\?", q)) != null) {
            Thing thing = BY_USE.get(m.group(1));
            right = o -> o.equals(thing.place());
        } else if ((m = match("What is (.+) usually made of\\?", q)) != null) {
            Thing thing = BY_USE.get(m.group(1));
            right = o -> o.equals(thing.material());
        } else if ((m = match("Which of these is usually made of " + W + "\\?", q)) != null) {
            String material = m.group(1);
            right = o -> BY_NAME.get(o).material().equals(material);
        } else {
            throw new IllegalArgumentException("solver cannot read: " + q);
        }
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < 5; i++) if (right.apply(item.options().get(i))) hits.add(TaskItem.LETTERS.get(i));
        if (hits.size() != 1) throw new IllegalStateException(item.id() + " has " + hits.size() + " right choices: " + item.fullQuestion());
        return hits.get(0);
    }

    /** Each StrategyQA question asks whether two facts agree, or (worded "other"/"different") whether they differ. */
    private static boolean strategyqa(String q) {
        Matcher m;
        boolean same, different = q.contains(" other than ") || q.contains(" different ");
        if ((m = match("Is (.+) made of (?:the same material as|a different material from) an? (.+)\\?", q)) != null) {
            same = BY_USE.get(m.group(1)).material().equals(BY_NAME.get(m.group(2)).material());
        } else if ((m = match("Is (.+) usually kept (?:in the same place as|in a different place from) an? (.+)\\?", q)) != null) {
            same = BY_USE.get(m.group(1)).place().equals(BY_NAME.get(m.group(2)).place());
        } else if ((m = match("Is (.+) (?:usually made of|made of something other than) " + W + "\\?", q)) != null) {
            same = BY_USE.get(m.group(1)).material().equals(m.group(2));
        } else if ((m = match("Would you usually find (.+?) (?:in|somewhere other than) (the (?:room|place) where .+)\\?", q)) != null) {
            same = BY_USE.get(m.group(1)).place().equals(BY_DESCRIPTION.get(m.group(2)).name());
        } else if ((m = match("Are (the thing you use to .+) and (the thing you use to .+) usually kept in (?:the same place|different places)\\?", q)) != null) {
            same = BY_USE.get(m.group(1)).place().equals(BY_USE.get(m.group(2)).place());
        } else {
            throw new IllegalArgumentException("solver cannot read: " + q);
        }
        return same != different;
    }

    private static String lastLetters(String q) {
        Matcher m = match("Take the last letters of each word in \"(.+)\" and concatenate them\\.", q);
        StringBuilder sb = new StringBuilder();
        for (String word : m.group(1).split(" ")) sb.append(word.charAt(word.length() - 1));
        return sb.toString();
    }

    private static boolean coinFlip(String q) {
        int flips = 0;
        Matcher m = Pattern.compile("[A-Z][a-z]+ (does not flip|flips) the coin\\.").matcher(q);
        while (m.find()) if (m.group(1).equals("flips")) flips++;
        return flips % 2 == 0;
    }

    private static final List<String> WEEK = List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday");

    private static String weekday(String q) {
        Matcher m = match("(Yesterday was|Today is|Tomorrow is) " + N + "\\. What day of the week (?:will it be in " + D + " days|was it " + D + " days ago)\\?", q);
        int day = WEEK.indexOf(m.group(2));
        day += switch (m.group(1)) {
            case "Yesterday was" -> 1;
            case "Tomorrow is" -> -1;
            default -> 0;
        };
        day += m.group(3) != null ? Integer.parseInt(m.group(3)) : -Integer.parseInt(m.group(4));
        return WEEK.get(Math.floorMod(day, 7));
    }

    private static String reverse(String q) {
        Matcher m = match("Reverse the list of words: (.+)\\.", q);
        List<String> words = new ArrayList<>(List.of(m.group(1).split(" ")));
        Collections.reverse(words);
        return String.join(" ", words);
    }

    private static String sortDigits(String q) {
        Matcher m = match("Sort the digits ([0-9 ]+) from smallest to largest\\.", q);
        return m.group(1).chars().filter(Character::isDigit).sorted()
                .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(" "));
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Matcher match(String regex, String text) {
        Matcher m = PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(text);
        return m.matches() ? m : null;
    }

    private static long num(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }
}

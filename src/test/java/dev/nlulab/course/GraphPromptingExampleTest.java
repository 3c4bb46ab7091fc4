package dev.nlulab.course;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyword-counting plan of prompting/06-graph-based-prompting, recomputed: the passages' counts, the
 * error score, the merge check, the completions of each plan, and latency and volume on explicit graphs.
 */
class GraphPromptingExampleTest {
    private static final ShippedLesson LESSON = ShippedLesson.of("prompting/06-graph-based-prompting");
    private static final List<String> COUNTRIES = List.of("Canada", "Mexico", "Peru", "Chile", "Argentina", "Brazil");
    private static final List<String> PASSAGES = List.of(
            "Ana flew from Canada to Mexico and, a week later, back to Canada.",
            "In Peru she met Luis, who had just come from Chile.",
            "Together they drove south through Chile into Argentina.",
            "She ended the trip in Mexico before flying home to Canada.");

    /** Country -> mentions in the text, in order of first mention. */
    private static Map<String, Integer> count(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String word : text.split("[^A-Za-z]+")) {
            if (COUNTRIES.contains(word)) counts.merge(word, 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, Integer> counts(Object... pairs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Integer) pairs[i + 1]);
        return m;
    }

    /** The lesson's error score: absolute differences over the countries named on either side. */
    private static int error(Map<String, Integer> truth, Map<String, Integer> predicted) {
        Set<String> keys = new HashSet<>(truth.keySet());
        keys.addAll(predicted.keySet());
        return keys.stream().mapToInt(k -> Math.abs(truth.getOrDefault(k, 0) - predicted.getOrDefault(k, 0))).sum();
    }

    /** A merge is valid when it names exactly its parts' countries, each with the sum of their counts. */
    private static boolean validMerge(Map<String, Integer> a, Map<String, Integer> b, Map<String, Integer> merged) {
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys.equals(merged.keySet())
                && keys.stream().allMatch(k -> a.getOrDefault(k, 0) + b.getOrDefault(k, 0) == merged.get(k));
    }

    private static String written(Map<String, Integer> m) {
        return m.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String asRow(Map<String, Integer> m) {
        return m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    @Test
    void thePassagesTrueCountsAreTheOnesTheLessonStates() {
        Map<String, Integer> total = new LinkedHashMap<>();
        for (int i = 0; i < PASSAGES.size(); i++) {
            Map<String, Integer> c = count(PASSAGES.get(i));
            LESSON.states("| P" + (i + 1) + " | " + PASSAGES.get(i) + " | " + asRow(c) + " |");
            c.forEach((k, v) -> total.merge(k, v, Integer::sum));
        }
        assertThat(total).isEqualTo(Map.of("Canada", 3, "Mexico", 2, "Chile", 2, "Peru", 1, "Argentina", 1));
        assertThat(total.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
        LESSON.states("Canada 3, Mexico 2, Chile 2, Peru 1, Argentina 1: nine mentions");
    }

    @Test
    void theErrorScoreRanksTheSampledCountsAndTheFinalCandidate() {
        Map<String, Integer> p1 = count(PASSAGES.get(0));
        List<Map<String, Integer>> samples = List.of(counts("Canada", 2, "Mexico", 1), counts("Canada", 1, "Mexico", 1),
                counts("Canada", 2, "Mexico", 1, "Brazil", 1));
        int[] errors = {0, 1, 1};
        for (int i = 0; i < samples.size(); i++) {
            assertThat(error(p1, samples.get(i))).isEqualTo(errors[i]);
            LESSON.states("| " + written(samples.get(i)) + " | " + errors[i]);
        }
        Map<String, Integer> truth = new LinkedHashMap<>();
        PASSAGES.forEach(p -> count(p).forEach((k, v) -> truth.merge(k, v, Integer::sum)));
        Map<String, Integer> candidate = counts("Canada", 3, "Mexico", 2, "Peru", 1, "Chile", 1, "Argentina", 1, "Brazil", 1);
        assertThat(error(truth, candidate)).isEqualTo(2);
        LESSON.states(written(candidate) + ": Chile is one short and Brazil is invented, so its error is $1 + 1 = 2$");

        Map<String, Integer> quizTruth = counts("France", 2, "Spain", 1, "Italy", 3);
        int quizError = error(quizTruth, counts("France", 2, "Italy", 2, "Peru", 1));
        assertThat(LESSON.accepts("count-error", String.valueOf(quizError))).isTrue();
    }

    @Test
    void onlyTheFirstMergeTryIsValid() {
        Map<String, Integer> a = count(PASSAGES.get(0)), b = count(PASSAGES.get(1));
        LESSON.states("The kept counts are " + written(a) + " and " + written(b));
        List<Map<String, Integer>> tries = List.of(counts("Canada", 2, "Mexico", 1, "Peru", 1, "Chile", 1),
                counts("Canada", 2, "Mexico", 1, "Peru", 1), counts("Canada", 3, "Mexico", 1, "Peru", 1, "Chile", 1));
        boolean[] valid = {true, false, false};
        for (int i = 0; i < tries.size(); i++) {
            assertThat(validMerge(a, b, tries.get(i))).as("try %d", i + 1).isEqualTo(valid[i]);
            LESSON.states("| " + (i + 1) + " | " + written(tries.get(i)) + " | " + (valid[i] ? "yes" : "no:"));
        }
        Map<String, Integer> chile = counts("Chile", 1, "Peru", 2), more = counts("Chile", 2);
        assertThat(validMerge(chile, more, counts("Chile", 3, "Peru", 2))).isTrue();
        assertThat(LESSON.accepts("merge-valid", "0")).isTrue();
    }

    @Test
    void completionsFollowFromThePlansParameters() {
        int tot = 4 * 20;
        int passages = 4, countsPerPassage = 10, merges = passages - 1, triesPerMerge = 3, repairAttempts = 3;
        int got4 = 1 + passages * countsPerPassage + merges * triesPerMerge;
        int repairs = merges * triesPerMerge * repairAttempts;
        assertThat(got4).isEqualTo(50);
        LESSON.states("| " + tot + " |", "| GoT `got4`: 1 split + 4 × 10 counts + 3 merges × 3 tries | " + got4 + ", plus up to " + repairs + " repairs |",
                "bounded by 3 merges × 3 tries × 3 improvement attempts");
        int quiz = 1 + 8 * 5 + (8 - 1) * 2;
        assertThat(LESSON.accepts("completions", String.valueOf(quiz))).isTrue();
    }

    /** A thought graph: thought -> the thoughts it was produced from. The input is not a thought. */
    private record ThoughtGraph(Map<String, List<String>> parents) {
        static ThoughtGraph chain(int passages) {
            Map<String, List<String>> p = new LinkedHashMap<>();
            for (int i = 1; i <= passages; i++) p.put("t" + i, i == 1 ? List.of() : List.of("t" + (i - 1)));
            return new ThoughtGraph(p);
        }

        /** Count every passage in parallel, then merge pairwise until one thought is left. */
        static ThoughtGraph mergeTree(int passages) {
            Map<String, List<String>> p = new LinkedHashMap<>();
            List<String> level = new ArrayList<>();
            for (int i = 1; i <= passages; i++) {
                p.put("count" + i, List.of());
                level.add("count" + i);
            }
            int n = 0;
            while (level.size() > 1) {
                List<String> next = new ArrayList<>();
                for (int i = 0; i < level.size(); i += 2) {
                    String m = "merge" + (++n);
                    p.put(m, List.of(level.get(i), level.get(i + 1)));
                    next.add(m);
                }
                level = next;
            }
            return new ThoughtGraph(p);
        }

        String last() {
            return new ArrayList<>(parents.keySet()).get(parents.size() - 1);
        }

        /** Thoughts on the longest path from the input to {@code t}. */
        int latency(String t) {
            return 1 + parents.get(t).stream().mapToInt(this::latency).max().orElse(0);
        }

        /** Thoughts from which {@code t} can be reached, itself included. */
        int volume(String t) {
            Set<String> seen = new TreeSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(t));
            while (!todo.isEmpty()) {
                String x = todo.pop();
                if (seen.add(x)) todo.addAll(parents.get(x));
            }
            return seen.size();
        }
    }

    @Test
    void mergingGivesTheFinalThoughtAShortPathAndTheWholeVolume() {
        ThoughtGraph chain4 = ThoughtGraph.chain(4), tree4 = ThoughtGraph.mergeTree(4);
        assertThat(chain4.latency(chain4.last())).isEqualTo(4);
        assertThat(chain4.volume(chain4.last())).isEqualTo(4);
        assertThat(tree4.latency(tree4.last())).isEqualTo(3);
        assertThat(tree4.volume(tree4.last())).isEqualTo(7);
        LESSON.states("latency 4, volume 4", "latency 3 (count, merge, final merge), volume 7 (four counts, two merges and the final one)");

        ThoughtGraph chain32 = ThoughtGraph.chain(32), tree32 = ThoughtGraph.mergeTree(32);
        assertThat(chain32.latency(chain32.last())).isEqualTo(32);
        assertThat(chain32.volume(chain32.last())).isEqualTo(32);
        int latency = tree32.latency(tree32.last()), volume = tree32.volume(tree32.last());
        assertThat(latency).isEqualTo(1 + 5);
        assertThat(volume).isEqualTo(2 * 32 - 1);
        LESSON.states("latency and volume are both 32", "latency $1 + \\log_2 32 = " + latency + "$ and volume $2 \\times 32 - 1 = " + volume + "$");

        ThoughtGraph tree16 = ThoughtGraph.mergeTree(16);
        assertThat(LESSON.accepts("volume", String.valueOf(tree16.volume(tree16.last())))).isTrue();
    }
}

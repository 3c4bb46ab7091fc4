package dev.nlulab.tasks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta-CoT's answer cleansing: split the model's text on "The answer is"; find candidates by answer
 * form (A-E for multiple choice; yes/no; {@code -?\d+\.?\d*} after removing commas for numbers; the
 * rest of the line for text answers, compared with quotes, periods and spaces stripped); take the first candidate after
 * the trigger, else the last one in the text; drop a trailing period. Exact match decides correctness.
 * Kojima et al.'s Zero-Shot and Zero-Shot-CoT (stage 2) read their short answer completions with the
 * {@link Rule#FIRST} rule instead: no split, the first candidate anywhere.
 */
public final class AnswerExtractor {
    /** How a completion is read: Meta-CoT's split on the trigger, or Kojima's first candidate. */
    public enum Rule {
        /** Split on "The answer is"; the first candidate after the last trigger, else the last candidate (few-shot, Auto-CoT, Meta-CoT). */
        SPLIT,
        /** The first candidate in the whole text, no split (Zero-Shot, Zero-Shot-CoT's answer stage). */
        FIRST
    }

    private static final Pattern LETTER = Pattern.compile("A|B|C|D|E");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.?\\d*");
    private static final Pattern YES_NO = Pattern.compile("yes|no");
    private static final Pattern NUMBER_ONLY = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern TEXT_NOISE = Pattern.compile("[\"'.\\s]");

    private AnswerExtractor() {
    }

    /** The answer a completion gives for a question of this scenario, or "" when it gives none. */
    public static String extract(Scenario scenario, String completion) {
        return extract(scenario, completion, Rule.SPLIT);
    }

    /** The answer a completion gives, read with {@code rule}; "" when it gives none. */
    public static String extract(Scenario scenario, String completion, Rule rule) {
        boolean first;
        String text;
        if (rule == Rule.FIRST) {
            first = true;
            text = completion;
        } else {
            String[] parts = completion.split(Pattern.quote(PromptFormats.ANSWER_TRIGGER), -1);
            first = parts.length > 1;
            text = parts[parts.length - 1];
        }
        List<String> candidates = candidates(scenario, text, first);
        if (candidates.isEmpty()) return "";
        String answer = first ? candidates.get(0) : candidates.get(candidates.size() - 1);
        return answer.endsWith(".") ? answer.substring(0, answer.length() - 1) : answer;
    }

    /**
     * One spelling per answer, whatever its form, so that exact string equality is {@link #matches}: a
     * number by value ("12.0", "12" and "012" are "12"), anything else without quotes, periods and
     * whitespace, lower case ("Sun hat." is "sunhat", "1 1 3 4" is "1134"). Keys and job predictions are
     * written this way, so the grader's accuracy needs no knowledge of forms.
     */
    public static String canonical(String answer) {
        String s = answer.strip().replaceAll("[\"']", "");
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        if (NUMBER_ONLY.matcher(s).matches()) {
            BigDecimal v = new BigDecimal(s).stripTrailingZeros();
            return v.signum() == 0 ? "0" : v.toPlainString();
        }
        return cleanText(s).toLowerCase(Locale.ROOT);
    }

    /** Whether the completion's extracted answer equals the item's gold answer. */
    public static boolean isCorrect(TaskItem item, String completion) {
        return matches(item.scenario(), extract(item.scenario(), completion), item.answer());
    }

    /** Exact match: numbers by value (12 == 12.0), text ignoring quotes, periods, spaces and case. */
    public static boolean matches(Scenario scenario, String predicted, String gold) {
        if (predicted.isEmpty()) return false;
        if (scenario.numericAnswer()) {
            try {
                return new BigDecimal(predicted).compareTo(new BigDecimal(gold)) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (scenario.form() == AnswerForm.SHORT_ANSWER) {
            return cleanText(predicted).equalsIgnoreCase(cleanText(gold));
        }
        return predicted.equals(gold);
    }

    private static List<String> candidates(Scenario scenario, String text, boolean afterTrigger) {
        return switch (scenario.form()) {
            case MULTIPLE_CHOICE -> all(LETTER, text);
            case YES_NO -> tokens(text.toLowerCase(Locale.ROOT));
            case SHORT_ANSWER -> scenario.numericAnswer()
                    ? all(NUMBER, text.replace(",", ""))
                    : textAnswer(text, afterTrigger);
        };
    }

    /** Yes/no only as whole words: punctuation becomes space, then words are kept if yes or no. */
    private static List<String> tokens(String text) {
        List<String> found = new ArrayList<>();
        for (String word : text.replaceAll("[\"'\\n.\\s:,]", " ").split(" ")) {
            if (YES_NO.matcher(word).matches()) found.add(word);
        }
        return found;
    }

    /** A text answer is the rest of the line after the trigger (or the last line without one). */
    private static List<String> textAnswer(String text, boolean afterTrigger) {
        String[] lines = text.strip().split("\n");
        String line = afterTrigger ? lines[0] : lines[lines.length - 1];
        String cleaned = line.replaceAll("[\"']", "").strip().replaceAll("\\s+", " ");
        return cleaned.isEmpty() ? List.of() : List.of(cleaned);
    }

    private static String cleanText(String text) {
        return TEXT_NOISE.matcher(text).replaceAll("");
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) found.add(m.group());
        return found;
    }
}

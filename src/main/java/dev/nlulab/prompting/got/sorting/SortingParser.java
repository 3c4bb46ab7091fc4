package dev.nlulab.prompting.got.sorting;

import dev.nlulab.prompting.got.Parser;
import dev.nlulab.tasks.PromptFormats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a sorted list out of the course model's text: the numbers after its last "The answer is", else the
 * ones after "they are"; a text with neither gives an empty candidate (error score 300). Aggregation's
 * merged thought covers the merged parts: its sublist is theirs joined, its part the lowest one's.
 */
public final class SortingParser implements Parser {
    private static final Pattern NUMBERS = Pattern.compile("^[\\s:]*(-?\\d+(?:\\s*,?\\s*-?\\d+)*)");

    /** "1 1 3 4" from the text, or "" when it gives no list. */
    public static String list(String text) {
        int at = text.lastIndexOf(PromptFormats.ANSWER_TRIGGER);
        String found = at >= 0 ? numbersAt(text.substring(at + PromptFormats.ANSWER_TRIGGER.length())) : "";
        if (found.isEmpty()) {
            int are = text.lastIndexOf("they are");
            if (are >= 0) found = numbersAt(text.substring(are + "they are".length()));
        }
        return found;
    }

    private static String numbersAt(String s) {
        Matcher m = NUMBERS.matcher(s);
        if (!m.find()) return "";
        return String.join(" ", m.group(1).strip().split("[,\\s]+"));
    }

    @Override
    public List<Map<String, String>> parseGenerate(Map<String, String> state, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SortingState.CURRENT, list(text));
        m.put(SortingState.PHASE, "2");
        return List.of(m);
    }

    @Override
    public Map<String, String> parseAggregation(List<Map<String, String>> states, String text) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SortingState.CURRENT, list(text));
        StringBuilder sub = new StringBuilder();
        for (Map<String, String> s : states) {
            String part = s.getOrDefault(SortingState.SUBLIST, "");
            if (!part.isBlank()) sub.append(sub.isEmpty() ? "" : " ").append(part.strip());
        }
        m.put(SortingState.SUBLIST, sub.toString());
        m.put(SortingState.PART, states.stream().map(s -> s.getOrDefault(SortingState.PART, "")).reduce("", String::concat));
        m.put(SortingState.PHASE, "2");
        return m;
    }

    @Override
    public Map<String, String> parseImprove(Map<String, String> state, String text) {
        return Map.of(SortingState.CURRENT, list(text));
    }
}

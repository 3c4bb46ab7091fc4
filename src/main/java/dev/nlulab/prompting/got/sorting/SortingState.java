package dev.nlulab.prompting.got.sorting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a sorting thought's state, as the reference names them: the problem's {@code original} list,
 * the {@code current} candidate, the {@code unsorted_sublist} a part-thought works on and its {@code part}.
 * Lists are digits separated by single spaces.
 */
public final class SortingState {
    public static final String ORIGINAL = "original", CURRENT = "current", SUBLIST = "unsorted_sublist", PART = "part", PHASE = "phase";

    private SortingState() {
    }

    /** A problem's parameters: the digits to sort, nothing sorted yet. */
    public static Map<String, String> problem(String digits) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ORIGINAL, digits);
        m.put(CURRENT, "");
        m.put(PHASE, "0");
        return m;
    }

    /** The split the reference asks the LLM for, done in code: consecutive chunks of {@code size} digits, parts "1", "2", ... */
    public static List<Map<String, String>> split(Map<String, String> state, int size) {
        String[] digits = state.get(ORIGINAL).strip().split(" ");
        List<Map<String, String>> parts = new ArrayList<>();
        for (int from = 0, part = 1; from < digits.length; from += size, part++) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(SUBLIST, String.join(" ", java.util.Arrays.copyOfRange(digits, from, Math.min(digits.length, from + size))));
            m.put(CURRENT, "");
            m.put(PART, Integer.toString(part));
            m.put(PHASE, "1");
            parts.add(m);
        }
        return parts;
    }
}

package dev.nlulab.prompting.got.sorting;

import dev.nlulab.prompting.got.Prompter;

import java.util.List;
import java.util.Map;

/**
 * The sorting prompts for the course model, which follows only templates it was trained on: every operation
 * asks the task suite's sort-digits question after two worked demonstrations of it. Generate sorts the
 * thought's sublist (or the whole list); once a thought has a candidate, Generate and Improve sort that
 * candidate again (a refinement: it can fix the order, not a missing digit); Aggregate sorts the
 * candidates of the thoughts it merges, one after the other.
 */
public final class SortingPrompter implements Prompter {
    static final String DEMOS = """
            Q: Sort the digits 5 2 8 2 from smallest to largest.
            A: There are 4 digits. From smallest to largest they are 2, 2, 5, 8. The answer is 2 2 5 8.

            Q: Sort the digits 9 0 3 7 1 from smallest to largest.
            A: There are 5 digits. From smallest to largest they are 0, 1, 3, 7, 9. The answer is 0 1 3 7 9.

            """;

    /** The sort-digits question about these digits, after the demonstrations. */
    public static String sortPrompt(String digits) {
        return DEMOS + "Q: Sort the digits " + digits + " from smallest to largest.\nA:";
    }

    @Override
    public String generatePrompt(Map<String, String> state) {
        String current = state.getOrDefault(SortingState.CURRENT, "");
        if (!current.isBlank() && SortingErrors.parse(current) != null) return sortPrompt(current);
        String sub = state.getOrDefault(SortingState.SUBLIST, "");
        return sortPrompt(sub.isBlank() ? state.get(SortingState.ORIGINAL) : sub);
    }

    @Override
    public String aggregationPrompt(List<Map<String, String>> states) {
        StringBuilder digits = new StringBuilder();
        for (Map<String, String> s : states) {
            String c = s.getOrDefault(SortingState.CURRENT, "");
            String list = SortingErrors.parse(c) != null ? c : s.getOrDefault(SortingState.SUBLIST, "");
            if (!list.isBlank()) digits.append(digits.isEmpty() ? "" : " ").append(list.strip());
        }
        return sortPrompt(digits.toString());
    }

    @Override
    public String improvePrompt(Map<String, String> state) {
        return generatePrompt(state);
    }
}

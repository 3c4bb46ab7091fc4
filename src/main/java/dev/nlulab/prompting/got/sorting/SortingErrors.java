package dev.nlulab.prompting.got.sorting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The sorting example's error score (the reference's {@code num_errors}): how far a list is from the sorted
 * reference, counted as, for each digit 0-9, how many more or fewer times it appears than it should, plus
 * the adjacent pairs out of order. 0 is a correct sort; a list that cannot be read scores {@value #UNREADABLE}.
 * The reference is the thought's own sublist when it is a part of the problem, else the whole original list.
 */
public final class SortingErrors {
    public static final int UNREADABLE = 300;

    private SortingErrors() {
    }

    /** The numbers of "1 1 3 4" (spaces or commas between them), or null when any part is not a whole number or there is none. */
    public static List<Integer> parse(String list) {
        if (list == null || list.isBlank()) return null;
        List<Integer> out = new ArrayList<>();
        for (String part : list.strip().split("[,\\s]+")) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /** The error score of a thought's state ({@code original}, {@code current}, optional {@code unsorted_sublist}). */
    public static int of(Map<String, String> state) {
        List<Integer> original = parse(state.get(SortingState.ORIGINAL));
        List<Integer> sub = parse(state.get(SortingState.SUBLIST));
        List<Integer> reference = sub != null && original != null && sub.size() < original.size() ? sub : original;
        List<Integer> current = parse(state.get(SortingState.CURRENT));
        if (reference == null || current == null) return UNREADABLE;
        return errors(reference, current);
    }

    /** Count mismatches of the digits 0-9 plus adjacent inversions of {@code current} against {@code reference} sorted. */
    public static int errors(List<Integer> reference, List<Integer> current) {
        List<Integer> correct = new ArrayList<>(reference);
        Collections.sort(correct);
        int errors = 0;
        for (int d = 0; d <= 9; d++) errors += Math.abs(Collections.frequency(current, d) - Collections.frequency(correct, d));
        for (int j = 0; j + 1 < current.size(); j++) if (current.get(j) > current.get(j + 1)) errors++;
        return errors;
    }

    /** GroundTruth: the current list is the original sorted. */
    public static boolean solved(Map<String, String> state) {
        List<Integer> original = parse(state.get(SortingState.ORIGINAL)), current = parse(state.get(SortingState.CURRENT));
        if (original == null || current == null) return false;
        List<Integer> sorted = new ArrayList<>(original);
        Collections.sort(sorted);
        return sorted.equals(current);
    }
}

package dev.nlulab.course;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Grades one answer to one quiz question. The answer comes as the form's {@code answer} values:
 * single: one option index; multiple: the checked indices (the set must equal the key exactly);
 * numeric: one number (a decimal comma is a decimal point), within the absolute tolerance; text: one
 * string, compared after {@link #normalize} with each accepted answer. Problems name the question by
 * its place in the lesson, as students see it.
 */
public final class QuizGrader {
    /** The submitted answer cannot be read at all (not a number, an index that does not exist). */
    public static final class BadAnswerException extends IllegalArgumentException {
        public BadAnswerException(String message) { super(message); }
    }

    public QuizResult grade(QuizQuestion q, List<String> values) {
        List<String> given = values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        return switch (q.type()) {
            case SINGLE -> {
                if (given.size() != 1) throw new BadAnswerException(q.label() + ": choose exactly one option.");
                int i = index(q, given.get(0));
                yield result(q, i == q.correctOptions().get(0), String.valueOf(i));
            }
            case MULTIPLE -> {
                TreeSet<Integer> chosen = new TreeSet<>();
                for (String v : given) chosen.add(index(q, v));
                String canonical = chosen.stream().map(String::valueOf).collect(Collectors.joining(","));
                yield result(q, chosen.equals(new TreeSet<>(q.correctOptions())), canonical);
            }
            case NUMERIC -> {
                if (given.size() != 1) throw new BadAnswerException(q.label() + ": give one number.");
                double x = number(q, given.get(0));
                // a little slack for the decimal form of the key itself (0.1 + 0.2 style)
                double slack = Math.ulp(Math.abs(q.number())) * 4;
                yield result(q, Math.abs(x - q.number()) <= q.tolerance() + slack, given.get(0));
            }
            case TEXT -> {
                if (given.size() != 1) throw new BadAnswerException(q.label() + ": give one answer.");
                String norm = normalize(given.get(0));
                boolean ok = !norm.isEmpty() && q.accepted().stream().anyMatch(a -> normalize(a).equals(norm));
                yield result(q, ok, given.get(0));
            }
        };
    }

    /** Lower case, Unicode-compatible forms, punctuation dropped, whitespace collapsed. */
    public static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        n = n.replaceAll("\\p{P}+", " ");
        return n.replaceAll("\\s+", " ").strip();
    }

    /** The key in readable form, shown once a student has answered correctly or asked for it. */
    public static String correctAnswerHtml(QuizQuestion q) {
        return switch (q.type()) {
            case SINGLE, MULTIPLE -> {
                List<String> parts = new ArrayList<>();
                for (int i : q.correctOptions()) parts.add(q.optionsHtml().get(i));
                yield String.join("; ", parts);
            }
            case NUMERIC -> HtmlText.escape(plain(q.number()) + (q.tolerance() > 0 ? " ± " + plain(q.tolerance()) : ""));
            case TEXT -> HtmlText.escape(q.accepted().get(0));
        };
    }

    private static QuizResult result(QuizQuestion q, boolean correct, String canonical) {
        return new QuizResult(q.id(), correct, canonical);
    }

    private static int index(QuizQuestion q, String v) {
        try {
            int i = Integer.parseInt(v);
            if (i >= 0 && i < q.optionsHtml().size()) return i;
        } catch (NumberFormatException ignored) {
            // reported below, like an index out of range
        }
        throw new BadAnswerException(q.label() + ": '" + v + "' is not one of its options.");
    }

    private static double number(QuizQuestion q, String v) {
        // "2,3" is 2.3 where the comma is the decimal mark (and on keyboards that offer only a comma)
        String s = v.indexOf(',') == v.lastIndexOf(',') && v.indexOf('.') < 0 ? v.replace(',', '.') : v;
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadAnswerException(q.label() + ": '" + v + "' is not a number.");
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}

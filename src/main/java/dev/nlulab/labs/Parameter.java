package dev.nlulab.labs;

import java.util.List;

/**
 * One field of a job exercise's form: its type, range or choices, and default.
 * min/max bound ints and numbers, and the length of strings; null means unbounded.
 * {@code advanced}: the form shows it folded under "More settings" (a long form stays short on a phone).
 */
public record Parameter(String name, Type type, Double min, Double max, List<String> values,
                        Object defaultValue, String description, boolean advanced) {
    public enum Type { INT, NUMBER, STRING, ENUM, BOOL }

    public Parameter {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public Parameter(String name, Type type, Double min, Double max, List<String> values, Object defaultValue, String description) {
        this(name, type, min, max, values, defaultValue, description, false);
    }

    /** The typed value of a form entry (a String from a form, or a YAML/JSON scalar), or a message why not. */
    public Object parse(Object raw) throws IllegalArgumentException {
        String s = raw == null ? "" : raw.toString().trim();
        switch (type) {
            case INT -> {
                long v;
                try {
                    v = raw instanceof Number n && !(raw instanceof Double || raw instanceof Float) ? n.longValue() : Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a whole number, was '" + s + "'");
                }
                checkRange(v);
                return v;
            }
            case NUMBER -> {
                double v;
                try {
                    v = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, was '" + s + "'");
                }
                if (!Double.isFinite(v)) throw new IllegalArgumentException("must be a finite number, was '" + s + "'");
                checkRange(v);
                return v;
            }
            case BOOL -> {
                if (raw instanceof Boolean b) return b;
                if (s.equalsIgnoreCase("true") || s.equals("on")) return true;
                if (s.equalsIgnoreCase("false") || s.equals("off")) return false;
                throw new IllegalArgumentException("must be true or false, was '" + s + "'");
            }
            case ENUM -> {
                if (!values.contains(s)) throw new IllegalArgumentException("must be one of " + String.join(", ", values) + ", was '" + s + "'");
                return s;
            }
            default -> {
                String v = raw == null ? "" : raw.toString();
                if (min != null && v.length() < min) throw new IllegalArgumentException("must have at least " + min.intValue() + " characters");
                if (max != null && v.length() > max) throw new IllegalArgumentException("must have at most " + max.intValue() + " characters");
                return v;
            }
        }
    }

    private void checkRange(double v) {
        if (min != null && v < min) throw new IllegalArgumentException("must be at least " + format(min) + ", was " + format(v));
        if (max != null && v > max) throw new IllegalArgumentException("must be at most " + format(max) + ", was " + format(v));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

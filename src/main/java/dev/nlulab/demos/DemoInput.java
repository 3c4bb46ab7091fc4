package dev.nlulab.demos;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A demo's JSON body read field by field against its bounds. Every refusal names the field and says
 * what it must be, and the route answers it with 400: a missing or empty text, one too long, a number
 * out of range, a value of the wrong type.
 */
final class DemoInput {
    /** A client's mistake in a demo's input. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    private final JsonNode body;

    DemoInput(JsonNode body) {
        if (body == null || !body.isObject()) throw new Invalid("the request body must be a JSON object of the demo's inputs");
        this.body = body;
    }

    /** Whether the body gives the field (not null). */
    boolean has(String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull();
    }

    /** A text of 1 to maxChars characters (not only spaces); CRLF line ends become LF. */
    String text(String field, int maxChars) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw new Invalid(field + " is missing: give a text of 1 to " + maxChars + " characters");
        if (!v.isTextual()) throw new Invalid(field + " must be a text, not " + kind(v));
        return checkedText(field, v.asText(), maxChars);
    }

    /** A list of minCount to maxCount texts, each of 1 to maxChars characters. */
    List<String> texts(String field, int minCount, int maxCount, int maxChars) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || !v.isArray()) {
            throw new Invalid(field + " must be a list of " + minCount + " to " + maxCount + " texts" + (v == null ? "" : ", not " + kind(v)));
        }
        if (v.size() < minCount || v.size() > maxCount) {
            throw new Invalid(field + " has " + v.size() + " texts; give " + minCount + " to " + maxCount);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String name = field + "[" + (i + 1) + "]";
            if (!v.get(i).isTextual()) throw new Invalid(name + " must be a text, not " + kind(v.get(i)));
            out.add(checkedText(name, v.get(i).asText(), maxChars));
        }
        return out;
    }

    /** A whole number from min to max; the default when the field is absent. */
    int integer(String field, int min, int max, int fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw new Invalid(field + " must be a whole number from " + min + " to " + max + ", not " + kind(v));
        }
        double d = v.asDouble();
        if (d < min || d > max) throw new Invalid(field + " must be from " + min + " to " + max + ", not " + v.asText());
        return (int) d;
    }

    /** A whole number that must be one of the given values. */
    int oneOf(String field, int fallback, int... allowed) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        for (int a : allowed) if (v.isNumber() && v.asDouble() == a) return a;
        throw new Invalid(field + " must be one of " + java.util.Arrays.toString(allowed) + ", not " + (v.isNumber() ? v.asText() : kind(v)));
    }

    /** A number from min to max; the default when the field is absent. */
    double number(String field, double min, double max, double fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber()) throw new Invalid(field + " must be a number from " + fmt(min) + " to " + fmt(max) + ", not " + kind(v));
        double d = v.asDouble();
        if (!(d >= min && d <= max)) throw new Invalid(field + " must be from " + fmt(min) + " to " + fmt(max) + ", not " + v.asText());
        return d;
    }

    /** A text that must be one of the allowed values; the default when absent. */
    String choice(String field, List<String> allowed, String fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw new Invalid(field + " must be one of " + String.join(", ", allowed) + ", not " + (v.isTextual() ? "'" + clip(v.asText()) + "'" : kind(v)));
        }
        return v.asText();
    }

    /** A short name-like text (a module name); the default when absent. */
    String choiceOrDefault(String field, String fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) throw new Invalid(field + " must be a text, not " + kind(v));
        return checkedText(field, v.asText(), 100);
    }

    private static String checkedText(String field, String text, int maxChars) {
        if (text.isBlank()) throw new Invalid(field + " is empty: give a text of 1 to " + maxChars + " characters");
        if (text.length() > maxChars) throw new Invalid(field + " is " + text.length() + " characters; at most " + maxChars);
        return text.replace("\r\n", "\n");
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a text";
            case NUMBER -> "the number " + v.asText();
            case BOOLEAN -> "true or false";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}

package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.SpecCheck;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a job spec's fields with their defaults, and notes every problem by field ("spec.k: ...") instead of
 * stopping at the first, so a form can show them all beside their fields. Fields the kind does not know are
 * problems too.
 */
final class SpecFields {
    private final JsonNode spec;
    private final SpecCheck check;
    private final Set<String> known = new HashSet<>();

    SpecFields(JsonNode spec, SpecCheck check) {
        this.spec = spec == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : spec;
        this.check = check;
    }

    SpecCheck check() {
        return check;
    }

    void problem(String field, String message) {
        check.problem("spec." + field, message);
    }

    String text(String field, String fallback) {
        known.add(field);
        JsonNode v = spec.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) {
            problem(field, "must be text, was " + v);
            return fallback;
        }
        return v.asText();
    }

    String choice(String field, List<String> values, String fallback) {
        String v = text(field, fallback);
        if (!values.contains(v)) {
            problem(field, "must be one of " + String.join(", ", values) + ", was '" + v + "'");
            return fallback;
        }
        return v;
    }

    int integer(String field, int min, int max, int fallback) {
        known.add(field);
        JsonNode v = spec.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            problem(field, "must be a whole number, was " + v);
            return fallback;
        }
        long n = v.asLong();
        if (n < min || n > max) {
            problem(field, "must be between " + min + " and " + max + ", was " + n);
            return fallback;
        }
        return (int) n;
    }

    long longValue(String field, long fallback) {
        known.add(field);
        JsonNode v = spec.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber()) {
            problem(field, "must be a whole number, was " + v);
            return fallback;
        }
        return v.asLong();
    }

    double number(String field, double min, double max, double fallback) {
        known.add(field);
        JsonNode v = spec.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            problem(field, "must be a number, was " + v);
            return fallback;
        }
        double d = v.asDouble();
        if (d < min || d > max) {
            problem(field, "must be between " + min + " and " + max + ", was " + d);
            return fallback;
        }
        return d;
    }

    boolean bool(String field, boolean fallback) {
        known.add(field);
        JsonNode v = spec.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) {
            problem(field, "must be true or false, was " + v);
            return fallback;
        }
        return v.asBoolean();
    }

    /** Call last: every field of the spec that no reader asked for is a problem. */
    void noOthers(String kind) {
        if (!spec.isObject()) return;
        spec.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) problem(f, "is not a parameter of " + kind);
        });
    }
}

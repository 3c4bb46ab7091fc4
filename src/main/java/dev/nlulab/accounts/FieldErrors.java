package dev.nlulab.accounts;

import java.util.LinkedHashMap;
import java.util.Map;

/** What was wrong with a form, field by field, in words shown next to the field. */
public final class FieldErrors extends RuntimeException {
    private final Map<String, String> byField;

    public FieldErrors(Map<String, String> byField) {
        super(String.join("; ", byField.values()));
        this.byField = Map.copyOf(new LinkedHashMap<>(byField));
    }

    public static FieldErrors of(String field, String message) {
        return new FieldErrors(Map.of(field, message));
    }

    public Map<String, String> byField() { return byField; }
}

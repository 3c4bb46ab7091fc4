package dev.nlulab.labs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters a job exercise's form asks for; validates a filled-in form field by field. */
public record ParameterSchema(List<Parameter> parameters) {
    public static final ParameterSchema EMPTY = new ParameterSchema(List.of());

    public ParameterSchema {
        parameters = List.copyOf(parameters);
    }

    /**
     * Field name -> message for every field that is wrong (unknown, missing without a default, wrong
     * type, out of range); empty when the form is good. Blank or absent fields take their default.
     */
    public Map<String, String> validate(Map<String, Object> form) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : form.keySet()) {
            if (parameters.stream().noneMatch(p -> p.name().equals(name))) errors.put(name, "is not a parameter of this exercise");
        }
        for (Parameter p : parameters) {
            Object raw = form.get(p.name());
            if (isBlank(raw) && p.type() != Parameter.Type.STRING) {
                if (p.defaultValue() == null) errors.put(p.name(), "is required");
                continue;
            }
            try {
                p.parse(raw);
            } catch (IllegalArgumentException e) {
                errors.put(p.name(), e.getMessage());
            }
        }
        return errors;
    }

    /** The typed values of a valid form, defaults filled in; what a job spec stores. */
    public Map<String, Object> resolve(Map<String, Object> form) {
        Map<String, String> errors = validate(form);
        if (!errors.isEmpty()) throw new IllegalArgumentException("invalid parameters: " + errors);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Object raw = form.get(p.name());
            if (isBlank(raw) && p.type() != Parameter.Type.STRING) values.put(p.name(), p.defaultValue());
            else if (raw == null) values.put(p.name(), p.defaultValue() == null ? "" : p.defaultValue());
            else values.put(p.name(), p.parse(raw));
        }
        return values;
    }

    private static boolean isBlank(Object raw) {
        return raw == null || raw.toString().isBlank();
    }
}

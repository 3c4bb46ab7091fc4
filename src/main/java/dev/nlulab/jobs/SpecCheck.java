package dev.nlulab.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The outcome of checking a job spec: field-level messages a form can show next to each field. */
public final class SpecCheck {
    public record Problem(String field, String message) {
        @Override
        public String toString() { return field + ": " + message; }
    }

    private final List<Problem> problems = new ArrayList<>();

    public static SpecCheck ok() { return new SpecCheck(); }

    /** Adds a problem with {@code field}; returns this for chaining. */
    public SpecCheck problem(String field, String message) {
        problems.add(new Problem(field, message));
        return this;
    }

    public boolean isOk() { return problems.isEmpty(); }

    public List<Problem> problems() { return List.copyOf(problems); }

    @Override
    public String toString() {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }
}

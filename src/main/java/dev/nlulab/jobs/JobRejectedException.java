package dev.nlulab.jobs;

import java.util.List;
import java.util.stream.Collectors;

/** A submission the queue refuses: bad spec fields, a quota reached, or a job too big to ever fit. */
public final class JobRejectedException extends RuntimeException {
    private final List<SpecCheck.Problem> problems;

    public JobRejectedException(List<SpecCheck.Problem> problems) {
        super(problems.stream().map(SpecCheck.Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public JobRejectedException(String field, String message) {
        this(List.of(new SpecCheck.Problem(field, message)));
    }

    /** Field-level messages for the form ("spec.rank": "must be 1..64", "quota": ...). */
    public List<SpecCheck.Problem> problems() { return problems; }
}

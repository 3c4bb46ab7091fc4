package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobKind;
import dev.nlulab.jobs.SpecCheck;

import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * What the Meta-CoT lab's job kinds share: an id, a spec read field by field by its reader (which notes
 * every problem), and the lab's report page for a job.
 *
 * @param <S> the kind's spec
 */
abstract class MetaCotJobKind<S> implements JobKind {
    private final String id;
    private final BiFunction<JsonNode, SpecCheck, S> reader;

    MetaCotJobKind(String id, BiFunction<JsonNode, SpecCheck, S> reader) {
        this.id = id;
        this.reader = reader;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final SpecCheck validate(JsonNode spec, Path dataDir) {
        SpecCheck check = SpecCheck.ok();
        reader.apply(spec, check);
        return check;
    }

    @Override
    public final String reportPath(long jobId) {
        return ReportRoutes.path(jobId);
    }

    /** The running job's spec; a problem in it fails the job. */
    final S spec(JobContext ctx) {
        SpecCheck check = SpecCheck.ok();
        S spec = reader.apply(ctx.spec(), check);
        if (!check.isOk()) throw new IllegalArgumentException("the spec has problems: " + check);
        return spec;
    }
}

package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.identity.Role;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.jobs.JobService;
import dev.nlulab.web.Feature;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The report page of a Meta-CoT lab job ({@code prompting} or {@code got-sorting}): the numbers of report.json
 * and, page by page, every question's prompts and completions or every problem's graph. Its owner and
 * instructors see it; anyone else gets the same 404 as for a job that does not exist.
 */
public final class ReportRoutes implements Feature {
    private static final Set<String> KINDS = Set.of(PromptingSpec.KIND, SortingSpec.KIND);

    private final JobService jobs;

    public ReportRoutes(JobService jobs) {
        this.jobs = jobs;
    }

    /** Where the report of a job is. */
    public static String path(long jobId) {
        return "/labs/metacot/reports/" + jobId;
    }

    @Override
    public void routes(Router r) {
        r.get("/labs/metacot/reports/{id}", Role.STUDENT, this::page);
    }

    private void page(Context ctx) {
        Job job = visible(ctx);
        String split = ctx.queryParam("split");
        if (split != null && !split.equals("dev") && !split.equals("test")) split = null;
        int page;
        try {
            page = Integer.parseInt(ctx.queryParamAsClass("page", String.class).getOrDefault("1"));
        } catch (NumberFormatException e) {
            page = 1;
        }
        JsonNode report = ReportPage.report(jobs.jobDir(job.id()).resolve(JobFiles.ARTEFACTS));
        Map<String, Object> m = new HashMap<>();
        m.put("jobId", job.id());
        m.put("kind", job.kind());
        m.put("state", job.state().name().toLowerCase(java.util.Locale.ROOT));
        if (report == null) m.put("summary", null);
        else m.putAll(ReportPage.model(report, jobs.jobDir(job.id()).resolve(JobFiles.ARTEFACTS), split, page));
        Web.render(ctx, "metacot-report", m);
    }

    /** The job when the viewer may see it (its owner, an instructor) and it is one of this lab's kinds; else 404, as for no job. */
    private Job visible(Context ctx) {
        String id = ctx.pathParam("id");
        return (id.matches("[0-9]{1,18}") ? jobs.find(Web.viewer(ctx), Long.parseLong(id)) : java.util.Optional.<Job>empty())
                .filter(j -> KINDS.contains(j.kind()))
                .orElseThrow(() -> new NotFoundResponse("There is no report of job " + id + "."));
    }
}

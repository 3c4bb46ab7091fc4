package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.JobState;
import dev.nlulab.web.Feature;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.Context;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotFoundResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Compare runs: {@code GET /labs/qalora/compare?jobs=12&jobs=15} (or {@code jobs=12,15}) shows two to
 * {@value #MAX_RUNS} fine-tuning jobs side by side, so a comparison can be bookmarked; without jobs it
 * offers the viewer's runs to pick from. A student compares their own jobs, instructors anyone's; a job
 * the viewer may not see is 404, as for no job; a bad id, too few or too many runs, a job of another
 * kind or one not started yet is 400, each with what was wrong.
 */
public final class CompareRoutes implements Feature {
    public static final String PATH = "/labs/qalora/compare";
    static final int MAX_RUNS = CompareView.COLOURS.size();
    private static final int LIST_LIMIT = 300;

    private final JobService jobs;
    private final LongFunction<String> owners;

    /** {@code owners}: a user's name, shown to instructors beside each run. */
    public CompareRoutes(JobService jobs, LongFunction<String> owners) {
        this.jobs = jobs;
        this.owners = owners;
    }

    @Override
    public void routes(Router r) {
        r.get(PATH, Role.STUDENT, this::page);
    }

    private void page(Context ctx) throws JsonProcessingException {
        Viewer viewer = Web.viewer(ctx);
        List<String> raw = ctx.queryParams("jobs");
        Map<String, Object> m = new HashMap<>();
        m.put("candidates", candidates(viewer));
        m.put("maxRuns", MAX_RUNS);
        List<Job> picked = raw.isEmpty() ? List.of() : picked(viewer, raw); // the error page says what was wrong
        m.put("selected", picked.stream().map(Job::id).collect(java.util.stream.Collectors.toSet()));
        if (!picked.isEmpty()) {
            CompareView view = CompareView.of(picked, j -> jobs.jobDir(j.id()), j -> owners.apply(j.userId()));
            m.put("view", view);
            m.put("curvesJson", RunReport.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("runs", view.runs(), "curves", view.curves())));
            m.put("running", picked.stream().anyMatch(j -> !j.state().isFinal()));
        }
        Web.render(ctx, "qalora-compare", m);
    }

    /** The jobs named in the query, in their order, each checked; duplicates count once. */
    private List<Job> picked(Viewer viewer, List<String> raw) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String value : raw) {
            for (String part : value.split(",")) {
                String text = part.trim();
                if (text.isEmpty()) continue;
                if (!text.matches("[0-9]{1,18}")) throw new BadRequestResponse("jobs must be job numbers; '" + text + "' is not one.");
                ids.add(Long.parseLong(text));
            }
        }
        if (ids.size() < 2) throw new BadRequestResponse("Pick two or more runs to compare (jobs had " + ids.size() + ").");
        if (ids.size() > MAX_RUNS) throw new BadRequestResponse("Compare at most " + MAX_RUNS + " runs at once (jobs had " + ids.size() + ").");
        List<Job> out = new ArrayList<>();
        for (long id : ids) {
            Job j = jobs.find(viewer, id).orElseThrow(() -> new NotFoundResponse("There is no job " + id + "."));
            if (!FineTuneJobKind.ID.equals(j.kind())) {
                throw new BadRequestResponse("Job " + id + " is a " + j.kind() + " job; only fine-tuning runs (" + FineTuneJobKind.ID + ") can be compared.");
            }
            if (j.state() == JobState.QUEUED) throw new BadRequestResponse("Job " + id + " is still queued: it has no curve to compare yet.");
            out.add(j);
        }
        return out;
    }

    /** The runs the picker offers: the viewer's own fine-tuning jobs, every student's for instructors, newest first. */
    private List<Candidate> candidates(Viewer viewer) {
        List<Job> list = viewer.instructor() ? jobs.listAll(null, LIST_LIMIT) : jobs.listOwn(viewer.userId(), LIST_LIMIT);
        return list.stream().filter(j -> FineTuneJobKind.ID.equals(j.kind()) && j.state() != JobState.QUEUED)
                .map(j -> new Candidate(j.id(), CompareView.label(jobs.jobDir(j.id())),
                        viewer.instructor() ? owners.apply(j.userId()) : null, j.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')))
                .toList();
    }

    /** A run the picker lists. */
    public record Candidate(long id, String label, String owner, String state) {}
}

package dev.nlulab.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.accounts.UserStore;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The jobs pages: a student's own jobs, every job for instructors (with a capacity chart and
 * cancel buttons), a job's live page fed by server-sent events, its downloads, and cancelling.
 * A job another student owns answers 404 everywhere, exactly like a job that does not exist.
 */
public final class JobRoutes implements Feature {
    private static final int LIST_LIMIT = 300;
    private static final Duration CHART_WINDOW = Duration.ofHours(24);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final JobService jobs;
    private final UserStore users;
    private final SchedulerPolicy policy;
    private final Clock clock;
    private final CourseTime courseTime;
    private final Duration feedInterval;

    /** {@code feedInterval}: how often a live job page is sent what changed (about a second). */
    public JobRoutes(JobService jobs, UserStore users, SchedulerPolicy policy, Clock clock, CourseTime courseTime, Duration feedInterval) {
        this.jobs = jobs;
        this.users = users;
        this.policy = policy;
        this.clock = clock;
        this.courseTime = courseTime;
        this.feedInterval = feedInterval;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("Jobs", "/jobs", Role.STUDENT, 50));
    }

    @Override
    public void routes(Router r) {
        r.get("/jobs", Role.STUDENT, this::list);
        r.get("/jobs/{id}", Role.STUDENT, this::page);
        // a plain GET that checks access first, then streams: inside an SSE handler the 200 is already sent
        r.get("/jobs/{id}/events", Role.STUDENT, ctx -> {
            long id = visible(ctx).id();
            Viewer viewer = Web.viewer(ctx);
            new SseHandler(client -> follow(client, id, viewer)).handle(ctx);
        });
        r.get("/jobs/{id}/artefacts/{name}", Role.STUDENT, this::download);
        r.post("/jobs/{id}/cancel", Role.STUDENT, this::cancel);
    }

    private void list(Context ctx) {
        User me = Web.me(ctx);
        Map<String, Object> m = new HashMap<>();
        if (!me.isInstructor()) {
            m.put("jobs", views(jobs.listOwn(me.id(), LIST_LIMIT), id -> me.displayName(), false));
            Web.render(ctx, "jobs", m);
            return;
        }
        JobState state = stateFilter(ctx.queryParam("state"));
        Map<Long, String> names = users.all().stream().collect(Collectors.toMap(User::id, User::displayName));
        m.put("jobs", views(jobs.listAll(state, LIST_LIMIT), id -> names.getOrDefault(id, "user " + id), true));
        m.put("states", List.of(JobState.values()));
        m.put("stateFilter", state);
        CapacityUsage usage = CapacityUsage.of(jobs.listAll(null, 5000), policy, clock.instant(), CHART_WINDOW);
        m.put("usage", usage);
        m.put("usageJson", toJson(usage));
        String figure = policy.usesGpuMemory() ? "%.1f" : "%.0f"; // GiB, or whole slots
        m.put("usageNow", String.format(Locale.ROOT, figure, usage.current()));
        m.put("usagePeak", String.format(Locale.ROOT, figure, usage.peak()));
        m.put("usageCapacity", String.format(Locale.ROOT, figure, usage.capacity()));
        Web.render(ctx, "jobs", m);
    }

    private List<JobView> views(List<Job> list, Function<Long, String> owner, boolean instructor) {
        Map<Long, Integer> positions = jobs.queuePositions();
        return list.stream().map(j -> JobView.of(j, owner.apply(j.userId()), positions.get(j.id()), instructor, courseTime)).toList();
    }

    private static JobState stateFilter(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return JobState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("state must be one of " + List.of(JobState.values()) + ", was '" + text + "'");
        }
    }

    private void page(Context ctx) {
        Job j = visible(ctx);
        Viewer viewer = Web.viewer(ctx);
        boolean log = jobs.logShownTo(j, viewer);
        JobService.JobDetail d = jobs.detail(j.id()).orElseThrow();
        String owner = users.byId(j.userId()).map(User::displayName).orElse("user " + j.userId());
        Map<String, Object> m = new HashMap<>();
        m.put("job", JobView.of(j, owner, d.queuePosition(), viewer.instructor(), courseTime));
        m.put("progressPercent", d.progress() == null ? 0 : (int) Math.round(d.progress() * 100));
        m.put("eta", d.eta() == null || j.state().isFinal() ? "" : JobView.duration(d.eta()));
        m.put("latest", latestMetric(jobs.jobDir(j.id())));
        m.put("logTail", log ? jobs.logTail(j.id(), 200) : "");
        m.put("artefacts", JobArtefacts.list(jobs.jobDir(j.id()), log));
        m.put("summary", JobFiles.readSummary(jobs.jobDir(j.id())));
        m.put("table", JobFiles.readTable(jobs.jobDir(j.id())).orElse(new JobContext.Table("", List.of(), List.of())));
        m.put("peakMemory", j.measuredPeakBytes() == null ? "" : JobView.bytes(j.measuredPeakBytes()));
        m.put("estimatedMemory", JobView.bytes(j.estimatedPeakBytes()));
        m.put("spec", d.spec());
        m.put("reportPath", jobs.kinds().find(j.kind()).map(k -> k.reportPath(j.id())).orElse(null));
        Web.render(ctx, "job", m);
    }

    /** The last metrics line as the table shows it: step, loss, lr, tokens/s, memory. */
    static Map<String, String> latestMetric(Path jobDir) {
        List<String> lines = new FileTail(jobDir.resolve(JobFiles.METRICS), 64 * 1024).newLines();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                JsonNode p = JobFiles.JSON.readTree(lines.get(i));
                if (!p.isObject()) continue;
                m.put("step", p.path("step").asText(""));
                m.put("loss", p.has("loss") ? String.format(Locale.ROOT, "%.4f", p.get("loss").asDouble()) : "");
                m.put("lr", p.has("lr") ? String.format(Locale.ROOT, "%.2e", p.get("lr").asDouble()) : "");
                m.put("tokensPerS", p.has("tokens_per_s") ? String.format(Locale.ROOT, "%.0f", p.get("tokens_per_s").asDouble()) : "");
                m.put("memory", p.has("rss_bytes") ? JobView.bytes(p.get("rss_bytes").asLong()) : "");
                return m;
            } catch (JsonProcessingException e) {
                // a torn last line: take the one before
            }
        }
        return m;
    }

    /** Sends what changed about once per feed interval until the job ends, then a "done" event, and closes. */
    private void follow(SseClient client, long jobId, Viewer viewer) {
        JobFeed feed = new JobFeed(jobs, jobId, viewer, courseTime);
        long lastSent = System.nanoTime();
        while (!client.terminated()) {
            JobFeed.Update u = feed.next();
            if (u.ended()) {
                client.sendEvent("done", u.json());
                return;
            }
            if (u.changed()) {
                client.sendEvent("update", u.json());
                lastSent = System.nanoTime();
            } else if (System.nanoTime() - lastSent > KEEPALIVE.toNanos()) {
                client.sendComment("waiting"); // finds out whether the page is still there
                lastSent = System.nanoTime();
            }
            try {
                Thread.sleep(feedInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void download(Context ctx) throws IOException {
        Job j = visible(ctx);
        String name = ctx.pathParam("name");
        Path f = JobArtefacts.find(jobs.jobDir(j.id()), name)
                .filter(file -> !name.equals(JobFiles.LOG) || jobs.logShownTo(j, Web.viewer(ctx)))
                .orElseThrow(() -> new NotFoundResponse("Job " + j.id() + " has no file '" + name + "' to download."));
        ctx.contentType(JobArtefacts.contentType(name));
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        if (!JobArtefacts.isText(name)) {
            // weights do not shrink: send them as they are, with their length (a download shows its progress)
            ctx.disableCompression();
            ctx.header("Content-Length", Long.toString(Files.size(f)));
        } // text may be compressed on the way, so its length is the compressed one's, which only Javalin knows
        ctx.result(Files.newInputStream(f));
    }

    private void cancel(Context ctx) {
        Job j = visible(ctx);
        boolean done = jobs.cancel(j.id());
        Web.flash(ctx, done ? (j.state() == JobState.QUEUED ? "Job " + j.id() + " cancelled." : "Job " + j.id() + " is being stopped.")
                : "Job " + j.id() + " had already ended.");
        ctx.redirect("list".equals(ctx.formParam("from")) ? "/jobs" : "/jobs/" + j.id());
    }

    /** The job in the path, if the user may see it: its owner or an instructor. Otherwise 404, as for no job at all. */
    private Job visible(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no job " + ctx.pathParam("id") + ".");
        }
        return jobs.find(Web.viewer(ctx), id).orElseThrow(() -> new NotFoundResponse("There is no job " + id + "."));
    }

    private static String toJson(Object o) {
        try {
            return JobFiles.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.nlulab.cli;

import dev.nlulab.accounts.AccountRoutes;
import dev.nlulab.accounts.ApiKeyRoutes;
import dev.nlulab.accounts.ApiKeys;
import dev.nlulab.api.ApiRoutes;
import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.prompting.ChatTemplate;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.prompting.LlmBackends;
import dev.nlulab.accounts.AccountService;
import dev.nlulab.accounts.RosterImport;
import dev.nlulab.accounts.SetupTokens;
import dev.nlulab.config.Settings;
import dev.nlulab.course.CourseRoutes;
import dev.nlulab.course.LessonCatalog;
import dev.nlulab.course.LessonRenames;
import dev.nlulab.course.ProgressService;
import dev.nlulab.demos.DemoRoutes;
import dev.nlulab.demos.DemoServices;
import dev.nlulab.course.QuizGrader;
import dev.nlulab.course.QuizService;
import dev.nlulab.demos.ModelRoutes;
import dev.nlulab.grader.BaselineCheck;
import dev.nlulab.grader.ExerciseJobs;
import dev.nlulab.grader.GradesPages;
import dev.nlulab.grader.RegradeRequests;
import dev.nlulab.grader.InstructorLabPages;
import dev.nlulab.grader.JobGrading;
import dev.nlulab.grader.LabPages;
import dev.nlulab.grader.LeaderboardPages;
import dev.nlulab.grader.LeaderboardService;
import dev.nlulab.grader.PredictionsParser;
import dev.nlulab.grader.Pseudonyms;
import dev.nlulab.grader.StudentDirectory;
import dev.nlulab.grader.SubmissionService;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.jobs.JobRoutes;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.SchedulerPolicy;
import dev.nlulab.labs.LabCatalog;
import dev.nlulab.labs.metacot.ReportRoutes;
import dev.nlulab.labs.qalora.CompareRoutes;
import dev.nlulab.labs.qalora.MergedModels;
import dev.nlulab.prompting.ModelService;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.prompting.TriedModels;
import dev.nlulab.store.Database;
import dev.nlulab.store.InstallationSecret;
import dev.nlulab.web.CourseTime;
import dev.nlulab.web.Feature;
import dev.nlulab.web.HomeRoutes;
import dev.nlulab.web.OperatorMetrics;
import dev.nlulab.authoring.CourseSync;
import dev.nlulab.authoring.CourseSyncPage;
import dev.nlulab.web.StudentView;
import dev.nlulab.web.SetupGate;
import dev.nlulab.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongFunction;
import java.util.Map;

/** The running platform: database, services and web server wired together, and closed in order. */
public final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final Settings settings;
    private final Database db;
    private final AccountService accounts;
    private final WebServer web;
    private final JobService jobs;
    private final SubmissionService submissions;
    private final SharedModel model;
    private final LlmBackend playground;
    private final TriedModels tried;
    private final SharedSentenceEncoder encoder;
    private final DemoServices demos;

    private Platform(Settings settings, Database db, AccountService accounts, WebServer web, JobService jobs,
                     SubmissionService submissions, SharedModel model, LlmBackend playground, TriedModels tried, SharedSentenceEncoder encoder, DemoServices demos) {
        this.settings = settings;
        this.db = db;
        this.accounts = accounts;
        this.web = web;
        this.jobs = jobs;
        this.submissions = submissions;
        this.model = model;
        this.playground = playground;
        this.tried = tried;
        this.encoder = encoder;
        this.demos = demos;
    }

    public static Platform start(Settings settings) {
        return start(settings, List.of());
    }

    /** Starts the platform; {@code extra} features are added after the built-in ones. */
    public static Platform start(Settings settings, List<Feature> extra) {
        return start(settings, extra, Clock.systemUTC());
    }

    /** As {@link #start(Settings, List)}, with the clock every deadline, limit and session is read from (tests move it). */
    public static Platform start(Settings settings, List<Feature> extra, Clock clock) {
        try {
            Files.createDirectories(settings.dataDir());
            Files.createDirectories(settings.uploadsDir());
            Files.createDirectories(settings.jobsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + settings.dataDir(), e);
        }
        for (Path folder : List.of(settings.dataDir(), settings.uploadsDir(), settings.jobsDir())) requireWritable(folder);
        CourseTime time = new CourseTime(settings.courseZone());
        Database db = Database.open(settings);
        Duration sessionLife = Duration.ofHours(settings.getInt("session.hours"));
        AccountService accounts = new AccountService(db.jdbi(), clock, sessionLife);
        SetupTokens setupTokens = new SetupTokens(db.jdbi(), clock);
        SetupGate gate = new SetupGate(accounts.users()::count);
        JobService jobs = JobService.create(db, settings);
        LabCatalog labs = LabCatalog.of(settings, List.of(new BaselineCheck()));
        SubmissionService submissions = new SubmissionService(db.jdbi(), labs, settings.uploadsDir(), clock, time, PredictionsParser.DEFAULT_MAX_BYTES,
                settings.getInt("uploads.unreadable.per.hour"));
        StudentDirectory names = new StudentDirectory() {
            @Override
            public String name(long id) {
                return accounts.users().byId(id).map(User::displayName).orElse("user " + id);
            }

            @Override
            public Map<Long, String> names(Collection<Long> ids) {
                Map<Long, String> found = new HashMap<>(accounts.users().displayNames(ids));
                ids.forEach(id -> found.putIfAbsent(id, "user " + id));
                return found;
            }

            @Override
            public List<User> students() {
                return accounts.users().all().stream().filter(u -> u.role() == Role.STUDENT).toList();
            }
        };
        LeaderboardService boards = new LeaderboardService(submissions, names, new Pseudonyms(InstallationSecret.of(db.jdbi())));
        JobGrading grading = new JobGrading(submissions, jobs);
        jobs.addFinishedListener(grading);
        // what a server that was stopped hard (kill -9, power) left half done: no submission stays pending
        int uploads = submissions.finishInterruptedUploads();
        int graded = grading.gradeEndedJobs();
        if (uploads + graded > 0) log.info("finished {} interrupted uploads and {} ended jobs left ungraded", uploads, graded);

        List<Feature> features = new ArrayList<>();
        features.add(new HomeRoutes(features));
        features.add(new StudentView());
        features.add(new AccountRoutes(accounts, setupTokens, new RosterImport(db.jdbi(), clock), sessionLife.toSeconds()));
        LessonCatalog lessons = LessonCatalog.open(settings.lessonsDir(), new LessonRenames(db.jdbi()));
        ProgressService progress = new ProgressService(db.jdbi(), clock, submissions::lastSubmitted);
        features.add(new CourseRoutes(lessons, progress, new QuizService(lessons, progress, new QuizGrader()), accounts.users(),
                settings.getBool("lesson.pages.shared")));
        features.add(new JobRoutes(jobs, accounts.users(), SchedulerPolicy.of(settings), clock, time,
                Duration.ofMillis(Math.min(1000, settings.getInt("jobs.tick.ms")))));
        features.add(new LabPages(labs, submissions, boards, new ExerciseJobs(submissions, jobs), clock, time));
        features.add(new LeaderboardPages(labs, submissions, boards, clock, time, settings.getBool("leaderboard.pages.shared")));
        features.add(new InstructorLabPages(labs, submissions, boards, names, accounts.users(), time));
        features.add(new GradesPages(labs, submissions, boards, new RegradeRequests(db.jdbi(), submissions, clock), names, time));
        ModelService.Limits limits = new ModelService.Limits(settings.getInt("model.max.tokens"), settings.getInt("model.queue"),
                Duration.ofSeconds(settings.getInt("model.wait.seconds")), settings.getInt("model.batch"));
        SharedModel model = new SharedModel(settings.modelDir(), limits);
        LlmBackend playground = LlmBackends.forServer(settings, model);
        TriedModels tried = new TriedModels(settings.getInt("model.tried.max"), limits);
        LongFunction<String> owner = id -> names.name(id);
        features.add(new ModelRoutes(model, playground, new MergedModels(jobs, owner), tried));
        features.add(new CompareRoutes(jobs, owner));
        // the OpenAI-compatible /v1 over the shared model, with per-user keys
        ApiKeys apiKeys = new ApiKeys(db.jdbi(), clock);
        int perMinute = settings.getInt("api.requests.per.minute");
        features.add(new ApiKeyRoutes(apiKeys, new ApiKeyRoutes.ApiFacts(settings.get("base.url"), model::model, perMinute)));
        SharedSentenceEncoder encoder = new SharedSentenceEncoder(settings.getInt("encoder.threads"));
        features.add(ApiRoutes.of(apiKeys, model, ChatTemplate.cached(settings.modelDir()), encoder,
                new ApiRoutes.Limits(perMinute, limits.maxTokens(), settings.getInt("api.max.prompt.chars"), limits.capacity()), clock));
        DemoServices demos = new DemoServices(model, encoder, ReverseDictionaryDemoData.from(settings.labsDir().resolve("reverse-dictionary").resolve("data")),
                settings.dataDir().resolve("demo-cache"));
        features.add(new DemoRoutes(demos, settings.getInt("demos.burst"), settings.getInt("demos.per.minute"), clock));
        features.add(new ReportRoutes(jobs));
        features.add(new CourseSyncPage(courseSync(settings, clock, new LessonRenames(db.jdbi())::studentsByLesson)));
        features.addAll(extra);
        WebServer web = new WebServer(settings, db, accounts.sessions()::find, gate, features).start();
        jobs.start();
        measure(web.metrics(), jobs, submissions, model);
        Platform platform = new Platform(settings, db, accounts, web, jobs, submissions, model, playground, tried, encoder, demos);
        if (!gate.isSetUp()) {
            String url = settings.baseUrl().replace(":" + settings.port(), ":" + web.port()) + "/setup/" + setupTokens.issue();
            String line = "=".repeat(78);
            System.out.println(line + "\nNLU Lab has no users yet. Open this one-time link to create the first"
                    + " instructor account:\n\n    " + url + "\n\n" + line);
        }
        return platform;
    }

    /** The gauges operators scrape at /admin/metrics, beside the request latencies the web server records. */
    private static void measure(OperatorMetrics metrics, JobService jobs, SubmissionService submissions, SharedModel model) {
        metrics.gauge("nlulab_jobs", "Jobs by state (the queue is the QUEUED ones)", "state", () -> {
            Map<String, Integer> n = new LinkedHashMap<>();
            jobs.countByState().forEach((state, count) -> n.put(state.name(), count));
            return n;
        });
        metrics.gauge("nlulab_submissions_pending", "Submissions waiting for a grade, by kind (predictions, job)", "kind",
                submissions::pendingByKind);
        metrics.gauge("nlulab_model_requests_in_line", "Requests running on or waiting for the shared model", model::inLine);
        metrics.gauge("nlulab_model_loaded", "1 when the shared model is loaded", () -> model.status().loaded() ? 1 : 0);
    }

    /**
     * Refuses to start on a folder it cannot write (a read-only mount, a full disk, another owner): served anyway,
     * every upload and job would fail one by one, and an embedded database could open read-only.
     */
    private static void requireWritable(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".write-check-", ""));
        } catch (IOException e) {
            throw new IllegalStateException("NLU Lab cannot write to its data folder " + folder + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "). Make it writable for the user that runs the server, free some space, or set"
                    + " data.dir (NLULAB_DATA_DIR) to a folder that is; nothing was changed.", e);
        }
    }

    public WebServer web() { return web; }
    public Database db() { return db; }
    public AccountService accounts() { return accounts; }
    public Settings settings() { return settings; }
    public JobService jobs() { return jobs; }
    public SubmissionService submissions() { return submissions; }
    /** The model the server's pages, demos and /v1 share. */
    public SharedModel model() { return model; }
    /** What answers the Model page's prompts ({@code llm.backend}): the shared model or an HTTP server. */
    public LlmBackend playground() { return playground; }
    /** The fine-tuned models the Model page has loaded for students to try ({@code model.tried.max} at once). */
    public TriedModels tried() { return tried; }

    @Override
    public void close() {
        log.info("stopping NLU Lab");
        web.stop();
        jobs.close();
        demos.close();
        if (playground != model) playground.close(); // an HTTP backend's connections; the shared model closes below
        model.close();
        tried.close();
        encoder.close();
        db.close();
    }

    /** Publishing from the course's git repository (idle when {@code course.repo.url} is empty). */
    static CourseSync courseSync(Settings settings, java.time.Clock clock) {
        return courseSync(settings, clock, Map::of);
    }

    /** @param studentsByLesson students with progress by lesson id, to warn of a lesson id the commit loses */
    static CourseSync courseSync(Settings settings, java.time.Clock clock, java.util.function.Supplier<Map<String, Integer>> studentsByLesson) {
        CourseSync.Source source = new CourseSync.Source(settings.get("course.repo.url"), settings.get("course.repo.branch"),
                settings.get("course.repo.user"), settings.get("course.repo.password"));
        return new CourseSync(source, settings.courseDir(), settings.dataDir(), clock, studentsByLesson);
    }
}

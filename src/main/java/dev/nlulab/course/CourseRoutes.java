package dev.nlulab.course;

import dev.nlulab.accounts.UserStore;
import dev.nlulab.content.Problem;
import dev.nlulab.identity.Role;
import dev.nlulab.identity.User;
import dev.nlulab.web.Feature;
import dev.nlulab.web.NavItem;
import dev.nlulab.web.Router;
import dev.nlulab.web.Web;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The course pages: the overview, modules, lessons with their quizzes, lesson images, search, and the
 * instructors' views of class progress and of problems in the lesson sources.
 */
public final class CourseRoutes implements Feature {
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Map<String, String> IMAGE_TYPES = Map.of("svg", "image/svg+xml", "png", "image/png",
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp");
    static final int SEARCH_LIMIT = 20;

    /** A lesson in a list, with the student's progress in it. */
    public record LessonRow(Lesson lesson, LessonProgress progress) {}

    /** A module in the overview: its lessons and the student's progress over them. */
    public record ModuleView(CourseModule module, ModuleProgress progress, List<LessonRow> lessons) {
        public int minutes() { return lessons.stream().mapToInt(r -> r.lesson().minutes()).sum(); }
    }

    /** One question's class statistics, for the instructors' progress page. */
    public record QuestionRow(Lesson lesson, QuestionStats stats) {
        public long percentFirstTry() { return Math.round(stats.firstTryRate() * 100); }
    }

    private final LessonCatalog catalog;
    private final ProgressService progress;
    private final QuizService quizzes;
    private final UserStore users;
    private final LessonPages pages;
    private final CoursePages coursePages = new CoursePages();
    private final boolean sharePages;

    /** @param sharePages lesson pages from memory ({@link LessonPages}); false renders each for its request */
    public CourseRoutes(LessonCatalog catalog, ProgressService progress, QuizService quizzes, UserStore users, boolean sharePages) {
        this.catalog = catalog;
        this.progress = progress;
        this.quizzes = quizzes;
        this.users = users;
        this.pages = new LessonPages(progress);
        this.sharePages = sharePages;
    }

    @Override
    public List<NavItem> nav() {
        return List.of(new NavItem("Course", "/course", Role.STUDENT, 10),
                new NavItem("Progress", "/instructor/progress", Role.INSTRUCTOR, 70));
    }

    @Override
    public void routes(Router r) {
        r.get("/course", Role.STUDENT, this::coursePage, (me, csrf, params) -> sharePages ? coursePages.kept(me, csrf, catalog.course()) : null);
        r.get("/lessons/{module}", Role.STUDENT, this::modulePage);
        r.get("/lessons/{module}/{lesson}", Role.STUDENT, this::lessonPage, this::keptLessonPage);
        r.get("/lessons/{module}/img/{file}", Role.STUDENT, this::image);
        r.post("/api/quiz/{module}/{lesson}/{question}", Role.STUDENT, this::answer);
        r.post("/api/quiz/{module}/{lesson}/{question}/reveal", Role.STUDENT, this::reveal);
        r.get("/search", Role.STUDENT, this::search);
        r.get("/instructor/progress", Role.INSTRUCTOR, this::classProgress);
        r.get("/instructor/lessons/problems", Role.INSTRUCTOR, ctx -> Web.render(ctx, "lesson-problems",
                Map.of("problems", problemRows(catalog.problems()), "heading", "Problems in the lessons")));
    }

    /** The home page shows the modules as tiles. */
    @Override
    public Map<String, Object> home(Context ctx) {
        return Map.of("courseModules", overview(Web.me(ctx).id()));
    }

    /** The course's modules with the student's progress, for the overview and the home page. */
    public List<ModuleView> overview(long userId) {
        Course course = catalog.course();
        Map<String, LessonProgress> all = progress.lessonProgressAll(userId, course);
        List<ModuleView> out = new ArrayList<>();
        for (CourseModule m : course.modules()) {
            List<LessonRow> rows = course.lessons(m.id()).stream().map(l -> new LessonRow(l, all.get(l.id()))).toList();
            out.add(new ModuleView(m, ModuleProgress.of(m.id(), rows.stream().map(LessonRow::progress).toList()), rows));
        }
        return out;
    }

    private void coursePage(Context ctx) {
        Course course = catalog.course();
        long userId = Web.me(ctx).id();
        Supplier<Map<String, Object>> model = () -> Map.of("course", course, "modules", overview(userId));
        if (sharePages && coursePages.send(ctx, course, model)) return;
        Web.render(ctx, CoursePages.TEMPLATE, model.get());
    }

    /** The student's progress changed: their parts of the lesson page and their overview are rendered again. */
    private void forget(long userId, String lessonId) {
        pages.forget(userId, lessonId);
        coursePages.forget(userId);
    }

    private void modulePage(Context ctx) {
        String moduleId = ctx.pathParam("module");
        long userId = Web.me(ctx).id();
        ModuleView module = overview(userId).stream().filter(v -> v.module().id().equals(moduleId)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("There is no module '" + moduleId + "' in this course."));
        Web.render(ctx, "module", Map.of("module", module));
    }

    private void lessonPage(Context ctx) {
        String lessonId = ctx.pathParam("module") + "/" + ctx.pathParam("lesson");
        User me = Web.me(ctx);
        Course course = catalog.course();
        Optional<Lesson> found = course.lesson(lessonId);
        Optional<Lesson> renamed = found.isPresent() ? Optional.empty() : course.renamed(lessonId);
        if (renamed.isPresent()) {
            // an old link or bookmark of a renamed lesson; the target comes from the lesson files, never from the request
            String query = ctx.queryString();
            ctx.redirect(renamed.get().url() + (query == null || query.isEmpty() ? "" : "?" + query), HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        if (found.isEmpty()) {
            List<Problem> problems = problemsOf(ctx.pathParam("module"), ctx.pathParam("lesson"));
            if (me.isInstructor() && !problems.isEmpty()) {
                Web.render(ctx, "lesson-problems", Map.of("problems", problemRows(problems),
                        "heading", "Lesson " + lessonId + " is hidden from students"));
                return;
            }
            throw new NotFoundResponse("There is no lesson '" + lessonId + "' in this course.");
        }
        Lesson lesson = found.get();
        if (progress.recordVisit(me.id(), lesson)) forget(me.id(), lesson.id());
        if (sharePages && pages.send(ctx, course, lesson, (viewer, l) -> lessonModel(course, viewer, l))) return;
        Map<String, Object> m = lessonModel(course, me, lesson);
        m.put("html", quizzes.lessonHtml(me.id(), lesson));
        m.put("progress", progress.lessonProgress(me.id(), lesson));
        Web.render(ctx, LessonPages.TEMPLATE, m);
    }

    /** The lesson page from memory, when it is kept ({@link LessonPages#kept}); it records the visit as {@link #lessonPage} does. */
    private byte[] keptLessonPage(User me, String csrf, Map<String, String> params) {
        if (!sharePages) return null;
        Course course = catalog.course();
        Lesson lesson = course.lesson(params.get("module") + "/" + params.get("lesson")).orElse(null);
        if (lesson == null) return null;
        if (progress.recordVisit(me.id(), lesson)) forget(me.id(), lesson.id());
        return pages.kept(me, csrf, course, lesson);
    }

    /** What the lesson page shows that depends on the lesson and on whether the viewer is an instructor, not on the student. */
    private Map<String, Object> lessonModel(Course course, User viewer, Lesson lesson) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lesson", lesson);
        m.put("module", course.module(lesson.moduleId()).orElseThrow());
        m.put("prerequisites", lesson.prerequisites().stream().map(course::lesson).flatMap(Optional::stream).toList());
        m.put("toc", SideToc.of(lesson));
        // instructors see the lesson's warnings (dead links, missing images) where they read it
        m.put("warnings", viewer.isInstructor() ? problemRows(problemsOf(course.problems(), lesson.moduleId(),
                lesson.id().substring(lesson.moduleId().length() + 1))) : List.of());
        course.previous(lesson.id()).ifPresent(p -> m.put("previous", p));
        course.next(lesson.id()).ifPresent(n -> m.put("next", n));
        return m;
    }

    /** The lesson file's problems, for a lesson that is not served; the URL parts are compared, never opened. */
    private List<Problem> problemsOf(String module, String lesson) {
        return problemsOf(catalog.problems(), module, lesson);
    }

    private static List<Problem> problemsOf(List<Problem> all, String module, String lesson) {
        return all.stream().filter(p -> p.file() != null && p.file().getParent() != null
                && p.file().getFileName().toString().equals(lesson + ".md")
                && p.file().getParent().getFileName().toString().equals(module)).toList();
    }

    private List<Map<String, Object>> problemRows(List<Problem> problems) {
        return problems.stream().map(p -> Map.<String, Object>of("file", catalog.relative(p.file()), "line", p.line(),
                "error", p.isError(), "message", p.message())).toList();
    }

    private void image(Context ctx) throws IOException {
        String module = ctx.pathParam("module");
        String file = ctx.pathParam("file");
        if (!SEGMENT.matcher(module).matches() || file.contains("/") || file.contains("\\") || file.startsWith("."))
            throw new NotFoundResponse("No such image.");
        Path p = catalog.image(module + "/img/" + file).orElseThrow(() -> new NotFoundResponse("No such image."));
        String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        // an SVG can carry script: opened on its own it gets no power to run any
        if (ext.equals("svg")) ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        ctx.header("Cache-Control", "private, max-age=300");
        ctx.contentType(IMAGE_TYPES.get(ext));
        try (InputStream in = Files.newInputStream(p)) {
            ctx.result(in.readAllBytes());
        }
    }

    private void answer(Context ctx) {
        List<String> values = ctx.formParams("answer");
        quizStep(ctx, (user, lessonId, question) -> quizzes.answer(user, lessonId, question, values));
    }

    private void reveal(Context ctx) {
        quizStep(ctx, quizzes::reveal);
    }

    private interface QuizStep {
        QuizService.Outcome run(long userId, String lessonId, String questionId);
    }

    private void quizStep(Context ctx, QuizStep step) {
        String lessonId = ctx.pathParam("module") + "/" + ctx.pathParam("lesson");
        long userId = Web.me(ctx).id();
        try {
            QuizService.Outcome o = step.run(userId, lessonId, ctx.pathParam("question"));
            forget(userId, o.progress().lessonId());    // the lesson's id, also when the page posted to a former one
            LessonProgress p = o.progress();
            ctx.json(Map.of("correct", o.correct(), "feedbackClass", o.feedback().cssClass(),
                    "feedbackHtml", o.feedback().html(), "showsKey", o.showsKey(),
                    "progress", Map.of("correct", p.correct(), "total", p.total(), "completed", p.completed())));
        } catch (NoSuchElementException e) {
            throw new NotFoundResponse(e.getMessage());
        } catch (QuizGrader.BadAnswerException e) {
            throw new BadRequestResponse(e.getMessage());
        }
    }

    private void search(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        List<LessonSearch.Hit> hits = q.isEmpty() ? List.of() : catalog.search(q, SEARCH_LIMIT);
        Map<String, String> moduleTitles = new LinkedHashMap<>();
        catalog.modules().forEach(m -> moduleTitles.put(m.id(), m.title()));
        Web.render(ctx, "search", Map.of("q", q, "hits", hits, "moduleTitles", moduleTitles));
    }

    private void classProgress(Context ctx) {
        Course course = catalog.course();
        List<User> students = users.all().stream().filter(u -> u.role() == Role.STUDENT).toList();
        List<StudentProgress> rows = progress.classProgress(students.stream().map(User::id).toList(), course);
        Map<Long, User> byId = new LinkedHashMap<>();
        students.forEach(u -> byId.put(u.id(), u));
        List<QuestionRow> questions = new ArrayList<>();
        for (Lesson l : course.lessons()) progress.questionStats(l).forEach(s -> questions.add(new QuestionRow(l, s)));
        Web.render(ctx, "class-progress", Map.of("course", course, "students", byId, "rows", rows, "questions", questions));
    }
}

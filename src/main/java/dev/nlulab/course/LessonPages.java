package dev.nlulab.course;

import dev.nlulab.identity.User;
import dev.nlulab.web.SharedPage;
import dev.nlulab.web.Web;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lesson pages from memory: a lesson is read far more often than anything on its page changes. The page is
 * rendered once per lesson and role while the lessons stay as loaded ({@link SharedPage}); a student's own
 * part of it (the progress card and the quiz forms they answered) once per student and lesson, until they
 * answer or ask for an answer here, or for at most {@link #REMEMBERED} (what they did through another
 * server shows by then).
 */
final class LessonPages {
    static final Duration REMEMBERED = Duration.ofSeconds(30);
    static final String TEMPLATE = "lesson";
    private static final String PROGRESS_CARD = "progress-card";
    private static final String QUIZ = "quiz:";
    private static final int SWEEP_ABOVE = 20_000;

    private final ProgressService progress;
    private volatile Shared shared = new Shared(null, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    private final Map<String, Student> students = new ConcurrentHashMap<>();
    /** Counts {@link #forget} calls: parts read while one came are used once and not kept (they may be older than the change). */
    private final AtomicLong forgotten = new AtomicLong();

    /** What is kept for one loaded course: pages by lesson and role, and each lesson's quiz forms as written. */
    private record Shared(Course course, Map<String, Optional<SharedPage>> pages, Map<String, Map<String, String>> forms) {}

    /** One student's parts of one lesson's page, and until when they are used without asking the database. */
    private record Student(Lesson lesson, Map<String, byte[]> fills, long untilNanos) {}

    LessonPages(ProgressService progress) {
        this.progress = progress;
    }

    /** The page's model without the student's parts (the lesson's HTML as written, no progress yet). */
    interface Model {
        Map<String, Object> of(User viewer, Lesson lesson);
    }

    /**
     * Answers with the lesson's page from memory. False when this request needs a page of its own (a flash
     * message waits to be shown, an instructor looks as a student, or the page cannot be cut into shared and own
     * parts): the caller renders it.
     */
    boolean send(Context ctx, Course course, Lesson lesson, Model model) {
        // An instructor in the student's view gets a page of their own: its banner must never be shared with students.
        if (Web.hasFlash(ctx) || Web.viewingAsStudent(ctx)) return false;
        User me = Web.me(ctx);
        Shared s = of(course);
        Map<String, String> forms = s.forms().computeIfAbsent(lesson.id(), id -> QuizStates.forms(lesson));
        String key = lesson.id() + " " + me.role();
        Optional<SharedPage> page = s.pages().computeIfAbsent(key, k -> render(ctx, me, lesson, model, forms));
        if (page.isPresent() && !page.get().current()) {
            page = render(ctx, me, lesson, model, forms);
            s.pages().put(key, page);
        }
        if (page.isEmpty()) return false;
        page.get().send(ctx, student(me.id(), lesson, forms).fills());
        return true;
    }

    /**
     * The lesson's page for {@code me} when it is kept (rendered for their role and still current), with their own
     * parts; null when the page must be rendered first ({@link #send}).
     */
    byte[] kept(User me, String csrf, Course course, Lesson lesson) {
        Shared s = of(course);
        Optional<SharedPage> page = s.pages().get(lesson.id() + " " + me.role());
        Map<String, String> forms = s.forms().get(lesson.id());
        if (page == null || page.isEmpty() || !page.get().current() || forms == null) return null;
        return page.get().page(me, csrf, student(me.id(), lesson, forms).fills());
    }

    /** The student did something that changes their part of the page (answered, asked for an answer, a visit written). */
    void forget(long userId, String lessonId) {
        forgotten.incrementAndGet();   // first, so that parts read before this are not kept after it
        students.remove(userId + " " + lessonId);
    }

    private Shared of(Course course) {
        Shared s = shared;
        if (s.course() != course) {
            s = new Shared(course, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());   // the lessons were reloaded
            shared = s;
            students.clear();
        }
        return s;
    }

    private static Optional<SharedPage> render(Context ctx, User me, Lesson lesson, Model model, Map<String, String> forms) {
        LessonProgress none = new LessonProgress(lesson.id(), 0, lesson.questions().size(), null, null);
        Map<String, Object> m = new HashMap<>(model.of(me, lesson));
        m.put("html", lesson.html());
        m.put("progress", none);
        Map<String, String> parts = new HashMap<>();
        parts.put(PROGRESS_CARD, progressCard(none));
        forms.forEach((question, html) -> parts.put(QUIZ + question, html));
        return SharedPage.render(ctx, TEMPLATE, m, parts);
    }

    private Student student(long userId, Lesson lesson, Map<String, String> forms) {
        String key = userId + " " + lesson.id();
        long now = System.nanoTime();
        Student known = students.get(key);
        if (known != null && known.lesson() == lesson && now - known.untilNanos() < 0) return known;
        long before = forgotten.get();
        Map<String, byte[]> fills = new HashMap<>();
        fills.put(PROGRESS_CARD, bytes(progressCard(progress.lessonProgress(userId, lesson))));
        progress.questionStates(userId, lesson).forEach((question, state) -> {
            String form = forms.get(question);
            if (form != null) fills.put(QUIZ + question, bytes(QuizStates.form(lesson, form, state)));
        });
        if (students.size() > SWEEP_ABOVE) students.values().removeIf(x -> now - x.untilNanos() >= 0);
        Student fresh = new Student(lesson, Map.copyOf(fills), now + REMEMBERED.toNanos());
        if (forgotten.get() == before) students.put(key, fresh);
        return fresh;
    }

    private static String progressCard(LessonProgress p) {
        return Web.fragment(TEMPLATE, PROGRESS_CARD, Map.of("progress", p));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

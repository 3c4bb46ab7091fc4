package dev.nlulab.course;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quiz attempts and lesson progress in the database. Progress counts questions answered correctly
 * at least once against the lesson's current questions, so a question removed from a lesson stops
 * counting and a new one starts at not-yet-answered. A lesson is completed when every question has
 * been answered correctly, or, for a lesson without questions, when it is visited. Asking for an answer
 * ("Show the answer") is a row among the attempts, so each question's first try can be told apart.
 * A visit is written at most once per {@link #VISIT_EVERY} per student and lesson (reading a page writes
 * nothing in between), so "last visited" is exact to within that time.
 */
public final class ProgressService {
    static final int MAX_ANSWER_CHARS = 2000;
    static final Duration VISIT_EVERY = Duration.ofMinutes(5);
    private static final int SWEEP_ABOVE = 100_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final OtherActivity otherActivity;
    /** When this server last wrote each student's visit to each lesson ("userId/lessonId"). */
    private final Map<String, Instant> visitsWritten = new ConcurrentHashMap<>();

    /** When students last did something outside the lessons (a lab submission): "last active" counts it too. */
    @FunctionalInterface
    public interface OtherActivity {
        /** Each given student's latest such moment; students without one are left out. */
        Map<Long, Instant> lastActive(Collection<Long> userIds);
    }

    public ProgressService(Jdbi jdbi, Clock clock, OtherActivity otherActivity) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.otherActivity = otherActivity;
    }

    public ProgressService(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, ids -> Map.of());
    }

    public ProgressService(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /**
     * A student opened the lesson page: written unless this server wrote their visit to it less than
     * {@link #VISIT_EVERY} ago. True when it was written (the lesson may have become completed).
     */
    public boolean recordVisit(long userId, Lesson lesson) {
        OffsetDateTime now = now();
        Instant at = now.toInstant();
        String key = userId + "/" + lesson.id();
        Instant last = visitsWritten.get(key);
        if (last != null && at.isBefore(last.plus(VISIT_EVERY)) && !at.isBefore(last)) return false;
        if (visitsWritten.size() > SWEEP_ABOVE) visitsWritten.values().removeIf(t -> !at.isBefore(t.plus(VISIT_EVERY)));
        jdbi.useTransaction(h -> {
            touch(h, userId, lesson.id(), now);
            if (lesson.questions().isEmpty()) complete(h, userId, lesson.id(), now);
        });
        visitsWritten.put(key, at);
        return true;
    }

    /** Stores one graded attempt and returns the student's progress in the lesson after it. */
    public LessonProgress recordAttempt(long userId, Lesson lesson, QuizResult result) {
        if (lesson.question(result.questionId()).isEmpty())
            throw new IllegalArgumentException("lesson " + lesson.id() + " has no question " + result.questionId());
        OffsetDateTime now = now();
        String answer = result.answer().length() > MAX_ANSWER_CHARS ? result.answer().substring(0, MAX_ANSWER_CHARS) : result.answer();
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO quiz_attempts (user_id, lesson_id, question_id, answer, correct, at) "
                            + "VALUES (:u, :l, :q, :a, :c, :at)")
                    .bind("u", userId).bind("l", lesson.id()).bind("q", result.questionId())
                    .bind("a", answer).bind("c", result.correct()).bind("at", now).execute();
            touch(h, userId, lesson.id(), now);
            if (correctIds(h, userId, lesson.id()).containsAll(questionIds(lesson))) complete(h, userId, lesson.id(), now);
        });
        return lessonProgress(userId, lesson);
    }

    /** The student asked for the question's answer: it is theirs to see from now on. */
    public LessonProgress recordReveal(long userId, Lesson lesson, String questionId) {
        if (lesson.question(questionId).isEmpty())
            throw new IllegalArgumentException("lesson " + lesson.id() + " has no question " + questionId);
        OffsetDateTime now = now();
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO quiz_attempts (user_id, lesson_id, question_id, answer, correct, revealed, at) "
                            + "VALUES (:u, :l, :q, '', FALSE, TRUE, :at)")
                    .bind("u", userId).bind("l", lesson.id()).bind("q", questionId).bind("at", now).execute();
            touch(h, userId, lesson.id(), now);
        });
        return lessonProgress(userId, lesson);
    }

    /** The student's state on each question of the lesson they have answered or asked about. */
    public Map<String, QuestionState> questionStates(long userId, Lesson lesson) {
        Map<String, QuestionState> states = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT question_id, answer, correct, revealed FROM quiz_attempts "
                        + "WHERE user_id = :u AND lesson_id = :l ORDER BY id")
                .bind("u", userId).bind("l", lesson.id())
                .map((rs, ctx) -> new Step(userId, rs.getString("question_id"), rs.getString("answer"),
                        rs.getBoolean("correct"), rs.getBoolean("revealed")))
                .forEach(s -> states.put(s.questionId(), s.applyTo(states.getOrDefault(s.questionId(), QuestionState.UNTOUCHED)))));
        states.keySet().retainAll(questionIds(lesson));
        return states;
    }

    /** One row of quiz_attempts: an answer, or a request for the answer. */
    private record Step(long userId, String questionId, String answer, boolean correct, boolean revealed) {
        QuestionState applyTo(QuestionState s) {
            return revealed ? s.afterReveal() : s.afterAttempt(answer, correct);
        }
    }

    public LessonProgress lessonProgress(long userId, Lesson lesson) {
        return jdbi.withHandle(h -> {
            Set<String> correct = correctIds(h, userId, lesson.id());
            correct.retainAll(questionIds(lesson));
            var row = h.createQuery("SELECT visited_at, completed_at FROM lesson_progress WHERE user_id = :u AND lesson_id = :l")
                    .bind("u", userId).bind("l", lesson.id())
                    .map((rs, ctx) -> new Instant[]{instant(rs.getObject("visited_at", OffsetDateTime.class)),
                            instant(rs.getObject("completed_at", OffsetDateTime.class))})
                    .findOne().orElse(new Instant[2]);
            return new LessonProgress(lesson.id(), correct.size(), lesson.questions().size(), row[0], row[1]);
        });
    }

    /** The student's progress in each lesson of the course, by lesson id, in two queries. */
    public Map<String, LessonProgress> lessonProgressAll(long userId, Course course) {
        return jdbi.withHandle(h -> {
            Map<String, Set<String>> correct = new HashMap<>();
            h.createQuery("SELECT DISTINCT lesson_id, question_id FROM quiz_attempts WHERE user_id = :u AND correct = TRUE")
                    .bind("u", userId)
                    .map((rs, ctx) -> correct.computeIfAbsent(rs.getString("lesson_id"), k -> new HashSet<>()).add(rs.getString("question_id")))
                    .list();
            Map<String, Instant[]> rows = new HashMap<>();
            h.createQuery("SELECT lesson_id, visited_at, completed_at FROM lesson_progress WHERE user_id = :u")
                    .bind("u", userId)
                    .map((rs, ctx) -> rows.put(rs.getString("lesson_id"), new Instant[]{instant(rs.getObject("visited_at", OffsetDateTime.class)),
                            instant(rs.getObject("completed_at", OffsetDateTime.class))}))
                    .list();
            Map<String, LessonProgress> out = new HashMap<>();
            for (Lesson l : course.lessons()) {
                Set<String> right = new HashSet<>(correct.getOrDefault(l.id(), Set.of()));
                right.retainAll(questionIds(l));
                Instant[] row = rows.getOrDefault(l.id(), new Instant[2]);
                out.put(l.id(), new LessonProgress(l.id(), right.size(), l.questions().size(), row[0], row[1]));
            }
            return out;
        });
    }

    /** The student's progress in each module of the course, in course order. */
    public List<ModuleProgress> courseProgress(long userId, Course course) {
        Map<String, LessonProgress> lessons = lessonProgressAll(userId, course);
        return course.modules().stream().map(m -> ModuleProgress.of(m.id(),
                course.lessons(m.id()).stream().map(l -> lessons.get(l.id())).toList())).toList();
    }

    /** For instructors: one row per given student (the roster comes from accounts), in the given order. */
    public List<StudentProgress> classProgress(Collection<Long> userIds, Course course) {
        if (userIds.isEmpty()) return List.of();
        Map<Long, Instant> elsewhere = otherActivity.lastActive(userIds);
        return jdbi.withHandle(h -> {
            Map<Long, Map<String, Set<String>>> correct = new HashMap<>();
            h.createQuery("SELECT DISTINCT user_id, lesson_id, question_id FROM quiz_attempts "
                            + "WHERE correct = TRUE AND user_id IN (<ids>)")
                    .bindList("ids", List.copyOf(userIds))
                    .map((rs, ctx) -> {
                        correct.computeIfAbsent(rs.getLong("user_id"), k -> new HashMap<>())
                                .computeIfAbsent(rs.getString("lesson_id"), k -> new HashSet<>()).add(rs.getString("question_id"));
                        return 0;
                    }).list();
            Map<Long, Set<String>> completed = new HashMap<>();
            Map<Long, Instant> lastActive = new HashMap<>(elsewhere);
            h.createQuery("SELECT user_id, lesson_id, visited_at, completed_at FROM lesson_progress WHERE user_id IN (<ids>)")
                    .bindList("ids", List.copyOf(userIds))
                    .map((rs, ctx) -> {
                        long u = rs.getLong("user_id");
                        if (rs.getObject("completed_at", OffsetDateTime.class) != null)
                            completed.computeIfAbsent(u, k -> new HashSet<>()).add(rs.getString("lesson_id"));
                        Instant v = instant(rs.getObject("visited_at", OffsetDateTime.class));
                        lastActive.merge(u, v, (a, b) -> a.isAfter(b) ? a : b);
                        return 0;
                    }).list();
            List<StudentProgress> out = new ArrayList<>();
            for (long u : userIds) {
                List<ModuleProgress> modules = new ArrayList<>();
                int done = 0, right = 0, total = 0;
                for (CourseModule m : course.modules()) {
                    ModuleProgress mp = module(m.id(), course.lessons(m.id()),
                            correct.getOrDefault(u, Map.of()), completed.getOrDefault(u, Set.of()));
                    modules.add(mp);
                    done += mp.lessonsCompleted();
                    right += mp.correct();
                    total += mp.total();
                }
                out.add(new StudentProgress(u, List.copyOf(modules), done, right, total, lastActive.get(u)));
            }
            return out;
        });
    }

    /**
     * For instructors: each question of the lesson, in lesson order, with how the class does on it. The
     * steps are folded here rather than in SQL: "each student's first step" needs window functions,
     * and a lesson's rows are few.
     */
    public List<QuestionStats> questionStats(Lesson lesson) {
        Map<String, Map<Long, List<Step>>> byQuestion = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT user_id, question_id, answer, correct, revealed FROM quiz_attempts "
                        + "WHERE lesson_id = :l ORDER BY id")
                .bind("l", lesson.id())
                .map((rs, ctx) -> new Step(rs.getLong("user_id"), rs.getString("question_id"), rs.getString("answer"),
                        rs.getBoolean("correct"), rs.getBoolean("revealed")))
                .forEach(s -> byQuestion.computeIfAbsent(s.questionId(), k -> new HashMap<>())
                        .computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s)));
        return lesson.questions().stream().map(q -> {
            int attempts = 0, firstTry = 0, correct = 0, revealed = 0;
            Map<Long, List<Step>> byStudent = byQuestion.getOrDefault(q.id(), Map.of());
            for (List<Step> steps : byStudent.values()) {
                Step first = steps.get(0);
                if (!first.revealed() && first.correct()) firstTry++;
                if (steps.stream().anyMatch(s -> !s.revealed() && s.correct())) correct++;
                if (steps.stream().anyMatch(Step::revealed)) revealed++;
                attempts += (int) steps.stream().filter(s -> !s.revealed()).count();
            }
            return new QuestionStats(lesson.id(), q.id(), q.position(), attempts, byStudent.size(), firstTry, correct, revealed);
        }).toList();
    }

    private static ModuleProgress module(String moduleId, List<Lesson> lessons, Map<String, Set<String>> correctByLesson,
                                         Set<String> completed) {
        int done = 0, right = 0, total = 0;
        for (Lesson l : lessons) {
            Set<String> c = new HashSet<>(correctByLesson.getOrDefault(l.id(), Set.of()));
            c.retainAll(questionIds(l));
            right += c.size();
            total += l.questions().size();
            if (completed.contains(l.id())) done++;
        }
        return new ModuleProgress(moduleId, done, lessons.size(), right, total);
    }

    private static Set<String> correctIds(Handle h, long userId, String lessonId) {
        return new HashSet<>(h.createQuery("SELECT DISTINCT question_id FROM quiz_attempts "
                        + "WHERE user_id = :u AND lesson_id = :l AND correct = TRUE")
                .bind("u", userId).bind("l", lessonId).mapTo(String.class).list());
    }

    private static Set<String> questionIds(Lesson lesson) {
        Set<String> ids = new HashSet<>();
        lesson.questions().forEach(q -> ids.add(q.id()));
        return ids;
    }

    /** Insert-then-update rather than an upsert: ON CONFLICT DO UPDATE is not portable to H2. */
    private static void touch(Handle h, long userId, String lessonId, OffsetDateTime now) {
        h.createUpdate("INSERT INTO lesson_progress (user_id, lesson_id, visited_at) VALUES (:u, :l, :t) ON CONFLICT DO NOTHING")
                .bind("u", userId).bind("l", lessonId).bind("t", now).execute();
        h.createUpdate("UPDATE lesson_progress SET visited_at = :t WHERE user_id = :u AND lesson_id = :l")
                .bind("u", userId).bind("l", lessonId).bind("t", now).execute();
    }

    private static void complete(Handle h, long userId, String lessonId, OffsetDateTime now) {
        h.createUpdate("UPDATE lesson_progress SET completed_at = :t WHERE user_id = :u AND lesson_id = :l AND completed_at IS NULL")
                .bind("u", userId).bind("l", lessonId).bind("t", now).execute();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

package dev.nlulab.course;

import dev.nlulab.content.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The lessons as the web pages see them. Loads the lessons folder once and, on access at most every
 * {@code checkEvery}, compares the folder's file names, sizes and modification times; when they
 * changed it loads a new {@link Course} and search index and swaps them in. Requests meanwhile keep
 * the previous state, and a broken lesson only adds to {@link Course#problems()}. With the database
 * ({@link LessonRenames}), each load first moves students' progress from lesson aliases to their lessons
 * and warns of lesson ids with progress that no lesson owns; if the database fails, the next check tries again.
 */
public final class LessonCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(LessonCatalog.class);
    private static final Set<String> IMAGE_TYPES = Set.of("svg", "png", "jpg", "jpeg", "gif", "webp");

    /** @param settled the progress under aliases was moved (or there is no database to move it in) */
    private record State(Course course, LessonSearch search, String fingerprint, boolean settled) {}

    private final Path lessonsDir;
    private final Duration checkEvery;
    private final LessonMarkdown markdown = new LessonMarkdown();
    private final LessonCache cache = new LessonCache();
    private final ReentrantLock reloading = new ReentrantLock();
    private final LessonRenames renames;
    private volatile State state;
    private volatile long lastCheckNanos;

    public LessonCatalog(Path lessonsDir, Duration checkEvery) {
        this(lessonsDir, checkEvery, null);
    }

    /** @param renames where students' progress lives, or null for the lessons alone (the files' checks only) */
    public LessonCatalog(Path lessonsDir, Duration checkEvery, LessonRenames renames) {
        this.lessonsDir = lessonsDir.toAbsolutePath().normalize();
        this.checkEvery = checkEvery;
        this.renames = renames;
        this.state = load(fingerprint());
        this.lastCheckNanos = System.nanoTime();
    }

    /** Checks the folder for changes at most once a second. */
    public static LessonCatalog open(Path lessonsDir) {
        return new LessonCatalog(lessonsDir, Duration.ofSeconds(1));
    }

    /** As {@link #open(Path)}, and keeps students' progress with lessons that were renamed ({@link LessonRenames}). */
    public static LessonCatalog open(Path lessonsDir, LessonRenames renames) {
        return new LessonCatalog(lessonsDir, Duration.ofSeconds(1), renames);
    }

    /** The current course, reloaded first if the files changed. */
    public Course course() {
        return current().course();
    }

    /** Search over the current course's served lessons. */
    public List<LessonSearch.Hit> search(String query, int limit) {
        return current().search().search(query, limit);
    }

    public List<CourseModule> modules() { return course().modules(); }

    public List<Lesson> lessons(String moduleId) { return course().lessons(moduleId); }

    public Optional<Lesson> lesson(String lessonId) { return course().lesson(lessonId); }

    public Optional<Lesson> previous(String lessonId) { return course().previous(lessonId); }

    public Optional<Lesson> next(String lessonId) { return course().next(lessonId); }

    /** For instructors: every problem in the lessons folder. */
    public List<Problem> problems() { return course().problems(); }

    /**
     * The file behind a lesson image URL {@code /lessons/<path>} (e.g. {@code retrieval/img/bm25.svg}):
     * only images, only inside the lessons folder.
     */
    public Optional<Path> image(String path) {
        Path p = lessonsDir.resolve(path).normalize();
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (!p.startsWith(lessonsDir) || !IMAGE_TYPES.contains(ext) || !Files.isRegularFile(p)) return Optional.empty();
        return Optional.of(p);
    }

    /** A problem's file as instructors know it: relative to the lessons folder. */
    public String relative(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(lessonsDir) ? lessonsDir.relativize(f).toString() : file.toString();
    }

    private State current() {
        long now = System.nanoTime();
        if (now - lastCheckNanos >= checkEvery.toNanos() && reloading.tryLock()) {
            try {
                lastCheckNanos = now;
                String fp = fingerprint();
                if (!fp.equals(state.fingerprint())) state = load(fp);
                else if (!state.settled()) state = settle(state);
            } catch (RuntimeException e) {
                LOG.error("lessons not reloaded from {}; serving the previous state", lessonsDir, e);
            } finally {
                reloading.unlock();
            }
        }
        return state;
    }

    private State load(String fingerprint) {
        long t0 = System.nanoTime();
        Course course = CourseLoader.load(lessonsDir, markdown, cache);
        LessonSearch search = LessonSearch.build(course.lessons());
        LOG.info("loaded {} lessons from {} in {} ms ({} problems)", course.lessons().size(), lessonsDir,
                (System.nanoTime() - t0) / 1_000_000, course.problems().size());
        return settle(new State(course, search, fingerprint, renames == null));
    }

    /** Before a course is served: progress under its aliases moves to their lessons, and lost lesson ids are warned of. */
    private State settle(State s) {
        if (renames == null) return s;
        try {
            int moved = renames.move(s.course().aliases());
            if (moved > 0) LOG.info("moved {} rows of students' progress from lesson aliases to their lessons", moved);
            Course course = s.course().withProblems(LessonValidator.vanished(s.course(), lessonsDir, renames.studentsByLesson()));
            return new State(course, s.search(), s.fingerprint(), true);
        } catch (RuntimeException e) {
            LOG.error("students' progress under lesson aliases not moved; trying again at the next check", e);
            return s;
        }
    }

    /** Names, sizes and modification times of everything under the folder. */
    private String fingerprint() {
        if (!Files.isDirectory(lessonsDir)) return "";
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.walk(lessonsDir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                b.append(lessonsDir.relativize(p)).append('\t').append(Files.size(p)).append('\t')
                        .append(Files.getLastModifiedTime(p).toInstant()).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + lessonsDir, e);
        }
        return b.toString();
    }
}

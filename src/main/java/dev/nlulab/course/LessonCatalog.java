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
 * the previous state, and a broken lesson only adds to {@link Course#problems()}.
 */
public final class LessonCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(LessonCatalog.class);
    private static final Set<String> IMAGE_TYPES = Set.of("svg", "png", "jpg", "jpeg", "gif", "webp");

    private record State(Course course, LessonSearch search, String fingerprint) {}

    private final Path lessonsDir;
    private final Duration checkEvery;
    private final LessonMarkdown markdown = new LessonMarkdown();
    private final LessonCache cache = new LessonCache();
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile State state;
    private volatile long lastCheckNanos;

    public LessonCatalog(Path lessonsDir, Duration checkEvery) {
        this.lessonsDir = lessonsDir.toAbsolutePath().normalize();
        this.checkEvery = checkEvery;
        this.state = load(fingerprint());
        this.lastCheckNanos = System.nanoTime();
    }

    /** Checks the folder for changes at most once a second. */
    public static LessonCatalog open(Path lessonsDir) {
        return new LessonCatalog(lessonsDir, Duration.ofSeconds(1));
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
        return new State(course, search, fingerprint);
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

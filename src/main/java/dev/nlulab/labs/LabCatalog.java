package dev.nlulab.labs;

import dev.nlulab.config.Settings;
import dev.nlulab.content.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * All labs of the course, re-read when their files change (size and modification time of lab.yaml,
 * README.md and everything under grader/&lt;id&gt;/). A lab whose files break keeps being served in
 * its last good version, and its problems are listed for instructors; other labs are unaffected.
 * Like the lessons, the folders are looked at no more than every {@code checkEvery}, by one request
 * while the others read the last state without waiting.
 */
public final class LabCatalog {
    private final LabValidator validator;
    private final Path labsDir;
    private final Path graderDir;
    private final Duration checkEvery;
    private final ReentrantLock checking = new ReentrantLock();
    private final Map<String, Entry> entries = new HashMap<>();       // guarded by checking
    private final Map<Path, CachedKey> keys = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(new TreeMap<>(), Map.of());
    private volatile long checkedNanos;
    private volatile boolean checked;

    private record Entry(String fingerprint, Lab lab, List<Problem> problems) {}

    private record CachedKey(String fingerprint, Key key) {}

    /** The labs that can be served and the problems of each lab that has any, both by id. */
    private record Snapshot(TreeMap<String, Lab> labs, Map<String, List<Problem>> problems) {}

    public LabCatalog(Path labsDir, Path graderDir, Duration checkEvery) {
        this.labsDir = labsDir;
        this.graderDir = graderDir;
        this.checkEvery = checkEvery;
        this.validator = new LabValidator(labsDir, graderDir);
    }

    /** A catalog that looks at the files on every access (for tools and tests). */
    public LabCatalog(Path labsDir, Path graderDir) {
        this(labsDir, graderDir, Duration.ZERO);
    }

    /** The server's catalog: it looks at the files at most once a second. */
    public static LabCatalog of(Settings settings) {
        return new LabCatalog(settings.labsDir(), settings.graderDir(), Duration.ofSeconds(1));
    }

    /** The labs that can be served, by id. */
    public List<Lab> labs() {
        return List.copyOf(current().labs().values());
    }

    public Optional<Lab> lab(String id) {
        return Optional.ofNullable(current().labs().get(id));
    }

    /** Lab id -> its problems, for the labs that have any (for instructors). */
    public Map<String, List<Problem>> problems() {
        return current().problems();
    }

    /** The hidden key of an exercise, re-read when its file changes. Never hand it to a page or a job. */
    public Key key(Lab lab, String exerciseId) throws IOException {
        Path file = lab.keys().get(exerciseId);
        if (file == null) throw new IllegalArgumentException("lab " + lab.id() + " has no key for exercise '" + exerciseId + "'");
        String fp = stamp(file);
        CachedKey cached = keys.get(file);
        if (cached == null || !cached.fingerprint().equals(fp)) {
            cached = new CachedKey(fp, Key.load(file));
            keys.put(file, cached);
        }
        return cached.key();
    }

    /** The last state, first brought up to date when it is older than {@code checkEvery} and no one else is at it. */
    private Snapshot current() {
        long now = System.nanoTime();
        if (!checked) {
            checking.lock();               // the first caller loads; the others wait for it rather than see no labs
        } else if (now - checkedNanos < checkEvery.toNanos() || !checking.tryLock()) {
            return snapshot;
        }
        try {
            if (!checked || now - checkedNanos >= checkEvery.toNanos()) {
                refresh();
                TreeMap<String, Lab> labs = new TreeMap<>();
                Map<String, List<Problem>> problems = new TreeMap<>();
                entries.forEach((id, e) -> {
                    if (e.lab() != null) labs.put(id, e.lab());
                    if (!e.problems().isEmpty()) problems.put(id, e.problems());
                });
                snapshot = new Snapshot(labs, Collections.unmodifiableMap(new LinkedHashMap<>(problems)));
                checkedNanos = System.nanoTime();
                checked = true;
            }
        } finally {
            checking.unlock();
        }
        return snapshot;
    }

    private void refresh() {
        List<String> ids = validator.labIds();
        entries.keySet().retainAll(ids);
        for (String id : ids) {
            String fp = fingerprint(id);
            Entry old = entries.get(id);
            if (old != null && old.fingerprint().equals(fp)) continue;
            LabLoader.Result r = validator.validate(id);
            Lab serving = r.ok() ? r.lab() : old == null ? null : old.lab();
            entries.put(id, new Entry(fp, serving, r.problems()));
        }
    }

    private String fingerprint(String id) {
        List<Path> files = new ArrayList<>(List.of(labsDir.resolve(id).resolve("lab.yaml"), labsDir.resolve(id).resolve("README.md")));
        Path hidden = graderDir.resolve(id);
        if (Files.isDirectory(hidden)) {
            try (Stream<Path> s = Files.walk(hidden)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (IOException e) {
                return "unreadable " + e.getMessage();
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : files) sb.append(f).append('=').append(stamp(f)).append(';');
        return sb.toString();
    }

    private static String stamp(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f);
        } catch (IOException e) {
            return "missing";
        }
    }
}

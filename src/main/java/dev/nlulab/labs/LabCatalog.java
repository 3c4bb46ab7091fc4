package dev.nlulab.labs;

import dev.nlulab.config.Settings;
import dev.nlulab.content.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * All labs of the course, re-read when their files change (size and modification time of lab.yaml,
 * README.md and everything under grader/&lt;id&gt;/). A lab whose files break keeps being served in
 * its last good version, and its problems are listed for instructors; other labs are unaffected.
 */
public final class LabCatalog {
    private final LabValidator validator;
    private final Path labsDir;
    private final Path graderDir;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<Path, CachedKey> keys = new HashMap<>();

    private record Entry(String fingerprint, Lab lab, List<Problem> problems) {}

    private record CachedKey(String fingerprint, Key key) {}

    public LabCatalog(Path labsDir, Path graderDir) {
        this(labsDir, graderDir, List.of());
    }

    /** {@code checks}: further checks a lab must pass to be served (see {@link LabValidator}). */
    public LabCatalog(Path labsDir, Path graderDir, List<LabCheck> checks) {
        this.labsDir = labsDir;
        this.graderDir = graderDir;
        this.validator = new LabValidator(labsDir, graderDir, checks);
    }

    public static LabCatalog of(Settings settings, List<LabCheck> checks) {
        return new LabCatalog(settings.labsDir(), settings.graderDir(), checks);
    }

    /** The labs that can be served, by id. */
    public synchronized List<Lab> labs() {
        refresh();
        return new TreeMap<>(entries).values().stream().map(Entry::lab).filter(l -> l != null).toList();
    }

    public synchronized Optional<Lab> lab(String id) {
        refresh();
        Entry e = entries.get(id);
        return Optional.ofNullable(e == null ? null : e.lab());
    }

    /** Lab id -> its problems, for the labs that have any (for instructors). */
    public synchronized Map<String, List<Problem>> problems() {
        refresh();
        Map<String, List<Problem>> out = new LinkedHashMap<>();
        new TreeMap<>(entries).forEach((id, e) -> {
            if (!e.problems().isEmpty()) out.put(id, e.problems());
        });
        return out;
    }

    /** The hidden key of an exercise, re-read when its file changes. Never hand it to a page or a job. */
    public synchronized Key key(Lab lab, String exerciseId) throws IOException {
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

package dev.nlulab.authoring;

import dev.nlulab.content.Problem;
import dev.nlulab.course.Course;
import dev.nlulab.course.LessonValidator;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.LabValidator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Publishes {@code lessons/}, {@code labs/} and {@code grader/} from the course's git repository: pulls
 * the branch into a clone of its own, copies the three folders into a staging folder beside the course,
 * validates everything there with the server's loaders, and only when nothing has an error swaps each
 * folder in by a rename. Otherwise nothing changes and the last good state keeps being served. A lesson id
 * that students have progress under and that the commit drops without an alias is a warning (it does not block).
 * Credentials never appear in what it reports.
 */
public final class CourseSync {
    static final List<String> FOLDERS = List.of("lessons", "labs", "grader");
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    public enum ChangeKind { ADDED, CHANGED, REMOVED }

    /** One file that publishing changes, relative to the course folder. */
    public record Change(String path, ChangeKind kind) {}

    /** What one pull found: the commit, the changes against what is served, the problems, and whether it was published. */
    public record Outcome(Instant at, String commit, boolean published, String message, List<Change> changes, List<Problem> problems) {}

    /** Where the repository is: its URL (any userinfo is hidden when shown), branch, and optional user and password or token. */
    public record Source(String url, String branch, String user, String password) {
        public boolean configured() { return url != null && !url.isBlank(); }

        /** The URL as pages and logs may show it. */
        public String shownUrl() { return hide(url); }

        String hide(String text) {
            if (text == null) return null;
            String t = USER_INFO.matcher(text).replaceAll("***@");
            return password == null || password.isEmpty() ? t : t.replace(password, "***");
        }

        CredentialsProvider credentials() {
            return user == null || user.isEmpty() ? null : new UsernamePasswordCredentialsProvider(user, password == null ? "" : password);
        }
    }

    private final Source source;
    private final Path courseDir;
    private final Path cloneDir;
    private final Clock clock;
    private final Supplier<Map<String, Integer>> studentsByLesson;
    private volatile Outcome last;

    /** {@code workDir} holds the clone (under the data folder); staging happens beside {@code courseDir}. */
    public CourseSync(Source source, Path courseDir, Path workDir, Clock clock) {
        this(source, courseDir, workDir, clock, Map::of);
    }

    /**
     * @param studentsByLesson how many students have progress under each lesson id: a lesson id with progress
     *                         that the commit has no lesson or alias for is warned of before it is published
     */
    public CourseSync(Source source, Path courseDir, Path workDir, Clock clock, Supplier<Map<String, Integer>> studentsByLesson) {
        this.source = source;
        this.courseDir = courseDir;
        this.cloneDir = workDir.resolve("course-repo");
        this.clock = clock;
        this.studentsByLesson = studentsByLesson;
    }

    public Source source() { return source; }

    /** The last pull's outcome, or null when there has been none since start. */
    public Outcome last() { return last; }

    /** Pulls, validates and, when everything is valid and something changed, publishes. */
    public synchronized Outcome pullAndPublish() {
        last = run();
        return last;
    }

    private Outcome run() {
        Instant now = clock.instant();
        if (!source.configured()) return new Outcome(now, null, false, "no course repository is configured (setting course.repo.url)", List.of(), List.of());
        String commit;
        try {
            commit = pull();
        } catch (GitAPIException | IOException | RuntimeException e) {
            return new Outcome(now, null, false, "could not pull " + source.shownUrl() + " (" + source.branch() + "): " + source.hide(e.getMessage()), List.of(), List.of());
        }
        Path staging = courseDir.resolve(".nlulab-staging");
        try {
            deleteTree(staging);
            List<Problem> problems = new ArrayList<>();
            for (String f : FOLDERS) {
                Path from = cloneDir.resolve(f);
                Files.createDirectories(staging.resolve(f));
                if (Files.isDirectory(from)) copyTree(from, staging.resolve(f), problems);
            }
            problems.addAll(validate(staging));
            List<Change> changes = changes(staging);
            String shortCommit = commit.substring(0, 10);
            if (problems.stream().anyMatch(Problem::isError)) {
                return new Outcome(now, shortCommit, false, "not published: commit " + shortCommit + " has problems; the last good state is still served", changes, problems);
            }
            if (changes.isEmpty()) return new Outcome(now, shortCommit, false, "commit " + shortCommit + " is what is served already", changes, problems);
            swapIn(staging);
            return new Outcome(now, shortCommit, true, "published commit " + shortCommit + " (" + changes.size() + " files changed)", changes, problems);
        } catch (IOException e) {
            return new Outcome(now, commit, false, "not published: " + e.getMessage(), List.of(), List.of());
        } finally {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // a leftover staging folder is replaced by the next pull
            }
        }
    }

    /** The branch's tip in our clone (cloned the first time, then fetched and reset: the repository is the truth). */
    private String pull() throws GitAPIException, IOException {
        if (Files.isDirectory(cloneDir.resolve(".git"))) {
            try (Git git = Git.open(cloneDir.toFile())) {
                git.fetch().setRemote("origin").setCredentialsProvider(source.credentials()).call();
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef("origin/" + source.branch()).call();
                git.clean().setCleanDirectories(true).setForce(true).call();
                return git.getRepository().resolve("HEAD").name();
            }
        }
        deleteTree(cloneDir);
        Files.createDirectories(cloneDir.getParent());
        try (Git git = Git.cloneRepository().setURI(source.url()).setBranch(source.branch()).setDirectory(cloneDir.toFile())
                .setCredentialsProvider(source.credentials()).call()) {
            ObjectId head = git.getRepository().resolve("HEAD");
            if (head == null) throw new IOException("branch " + source.branch() + " has no commit");
            return head.name();
        }
    }

    /** Every problem of the staged lessons and labs, files named relative to the course. */
    private List<Problem> validate(Path staging) {
        List<Problem> problems = new ArrayList<>();
        Path lessons = staging.resolve("lessons");
        if (Files.isRegularFile(lessons.resolve("course.yaml"))) {
            Course course = LessonValidator.load(lessons);
            problems.addAll(course.problems());
            try {
                problems.addAll(LessonValidator.vanished(course, lessons, studentsByLesson.get()));
            } catch (RuntimeException e) {
                problems.add(Problem.warning(lessons, 0, "lesson ids with students' progress not checked: " + e.getMessage()));
            }
        } else {
            problems.add(Problem.error(lessons.resolve("course.yaml"), 0, "file is missing"));
        }
        LabValidator labs = new LabValidator(staging.resolve("labs"), staging.resolve("grader"));
        for (String id : labs.labIds()) {
            LabLoader.Result r = labs.validate(id);
            problems.addAll(r.problems());
        }
        return problems.stream().map(p -> p.file().startsWith(staging) ? p.in(staging.relativize(p.file())) : p).toList();
    }

    private List<Change> changes(Path staging) throws IOException {
        List<Change> changes = new ArrayList<>();
        for (String f : FOLDERS) {
            Map<String, String> now = digests(courseDir.resolve(f)), next = digests(staging.resolve(f));
            for (Map.Entry<String, String> e : next.entrySet()) {
                String old = now.get(e.getKey());
                if (old == null) changes.add(new Change(f + "/" + e.getKey(), ChangeKind.ADDED));
                else if (!old.equals(e.getValue())) changes.add(new Change(f + "/" + e.getKey(), ChangeKind.CHANGED));
            }
            for (String gone : now.keySet()) if (!next.containsKey(gone)) changes.add(new Change(f + "/" + gone, ChangeKind.REMOVED));
        }
        return changes;
    }

    /** Each folder in turn leaves by one rename and its staged successor arrives by another, on one file system. */
    private void swapIn(Path staging) throws IOException {
        Path previous = courseDir.resolve(".nlulab-previous");
        deleteTree(previous);
        Files.createDirectories(previous);
        for (String f : FOLDERS) {
            Path live = courseDir.resolve(f);
            if (Files.exists(live)) Files.move(live, previous.resolve(f), StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging.resolve(f), live, StandardCopyOption.ATOMIC_MOVE);
        }
        deleteTree(previous);
    }

    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString().replace('\\', '/'), sha256(p));
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) sha.update(buf, 0, n);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Copies the files of a folder; a symbolic link is refused (it could point at any file of the server). */
    private void copyTree(Path from, Path to, List<Problem> problems) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) problems.add(Problem.error(cloneDir.relativize(p), 0, "a symbolic link; publish the file itself"));
                else if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

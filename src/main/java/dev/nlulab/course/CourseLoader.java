package dev.nlulab.course;

import dev.nlulab.content.ContentException;
import dev.nlulab.content.Problem;
import dev.nlulab.content.YamlNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads a whole lessons folder into a {@link Course}: {@code course.yaml} for the modules and their
 * order, then each {@code <module>/<nn>-<slug>.md}. A broken file costs only itself.
 */
final class CourseLoader {
    static final String COURSE_FILE = "course.yaml";

    private CourseLoader() {}

    static Course load(Path lessonsDir, LessonMarkdown markdown) {
        return load(lessonsDir, markdown, new LessonCache());
    }

    static Course load(Path lessonsDir, LessonMarkdown markdown, LessonCache cache) {
        List<Problem> problems = new ArrayList<>();
        Path courseFile = lessonsDir.resolve(COURSE_FILE);
        String title = "";
        List<CourseModule> modules = new ArrayList<>();
        if (!Files.isRegularFile(courseFile)) {
            problems.add(Problem.error(courseFile, 1, "missing " + COURSE_FILE + " (title and the list of modules)"));
        } else {
            title = readCourseFile(courseFile, modules, problems);
        }

        LessonLoader loader = new LessonLoader(markdown, lessonsDir);
        String otherFiles = otherFiles(lessonsDir);
        List<LessonLoader.Loaded> all = new ArrayList<>();
        Map<String, List<LessonLoader.Loaded>> byModule = new LinkedHashMap<>();
        for (CourseModule m : modules) {
            Path dir = lessonsDir.resolve(m.id());
            List<LessonLoader.Loaded> loaded = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                problems.add(Problem.warning(courseFile, 1, "module '" + m.id() + "' has no folder " + dir.getFileName() + "/"));
            } else {
                for (Path f : markdownFiles(dir)) loaded.add(cache.get(f, m.id(), otherFiles, () -> loader.load(f, m.id())));
            }
            loaded.forEach(l -> problems.addAll(l.problems()));
            LessonValidator.checkNumbering(loaded, problems);
            all.addAll(loaded);
            byModule.put(m.id(), loaded);
        }
        reportUnlistedFolders(lessonsDir, modules, courseFile, problems);
        Set<Path> dropped = LessonValidator.checkAliases(all, problems);
        Map<String, String> aliases = LessonValidator.aliases(all, dropped);
        LessonValidator.checkReferences(all, aliases, problems);

        Map<String, List<Lesson>> lessons = new LinkedHashMap<>();
        byModule.forEach((id, loaded) -> lessons.put(id, loaded.stream().filter(l -> !dropped.contains(l.file()))
                .map(LessonLoader.Loaded::lesson).filter(l -> l != null).map(l -> LessonAliasLinks.follow(l, aliases)).toList()));
        return new Course(title, modules, lessons, LessonValidator.sorted(problems));
    }

    private static String readCourseFile(Path courseFile, List<CourseModule> modules, List<Problem> problems) {
        try {
            String text;
            try {
                text = Files.readString(courseFile, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                throw new ContentException(1, COURSE_FILE + " is not UTF-8");
            }
            YamlNode root = YamlNode.parse(text, 1);
            if (root.isNull()) throw new ContentException(1, COURSE_FILE + " is empty");
            Map<String, YamlNode> m = root.mapping(COURSE_FILE);
            if (!m.containsKey("title")) throw new ContentException(1, COURSE_FILE + " has no title");
            String title = m.get("title").scalar("title").strip();
            if (!m.containsKey("modules")) throw new ContentException(1, COURSE_FILE + " has no modules list");
            Set<String> seen = new HashSet<>();
            for (YamlNode n : m.get("modules").sequence("modules")) {
                try {
                    Map<String, YamlNode> mm = n.mapping("a module");
                    for (String key : List.of("id", "title", "summary")) {
                        if (!mm.containsKey(key)) throw new ContentException(n.line(), "a module needs '" + key + ":'");
                    }
                    String id = mm.get("id").scalar("module id").strip();
                    if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*"))
                        throw new ContentException(mm.get("id").line(), "module id '" + id + "' must be lower-case words joined by -");
                    if (!seen.add(id)) throw new ContentException(mm.get("id").line(), "module '" + id + "' is listed twice");
                    modules.add(new CourseModule(id, mm.get("title").scalar("module title").strip(),
                            mm.get("summary").scalar("module summary").strip()));
                } catch (ContentException e) {
                    problems.add(e.in(courseFile));
                }
            }
            return title;
        } catch (ContentException e) {
            problems.add(e.in(courseFile));
        } catch (IOException e) {
            problems.add(Problem.error(courseFile, 1, "cannot read: " + e.getMessage()));
        }
        return "";
    }

    /** The names of everything that is not a lesson (images mostly): a lesson's image check depends on them. */
    private static String otherFiles(Path lessonsDir) {
        if (!Files.isDirectory(lessonsDir)) return "";
        try (Stream<Path> s = Files.walk(lessonsDir)) {
            return String.join("\n", s.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".md"))
                    .map(p -> lessonsDir.relativize(p).toString()).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + lessonsDir, e);
        }
    }

    private static List<Path> markdownFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void reportUnlistedFolders(Path lessonsDir, List<CourseModule> modules, Path courseFile,
                                              List<Problem> problems) {
        Set<String> listed = new HashSet<>();
        modules.forEach(m -> listed.add(m.id()));
        try (Stream<Path> s = Files.list(lessonsDir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && !name.startsWith(".") && !listed.contains(name))
                    problems.add(Problem.warning(courseFile, 1, "folder " + name + "/ is not a module in " + COURSE_FILE
                            + ": its lessons are not served"));
            }
        } catch (IOException e) {
            problems.add(Problem.error(lessonsDir, 1, "cannot list the lessons folder: " + e.getMessage()));
        }
    }
}

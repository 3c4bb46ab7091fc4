package dev.nlulab.course;

import dev.nlulab.content.Problem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checks that look across lessons: two lessons of a module with one number or one slug, links to
 * lessons or anchors that do not exist, prerequisites that do not exist, aliases that clash. The single-file checks run
 * while loading ({@link LessonLoader}); {@link #validate} runs both, for {@code nlulab lessons validate}.
 */
public final class LessonValidator {
    private LessonValidator() {}

    /** Every problem in a lessons folder, errors and warnings, in file order. */
    public static List<Problem> validate(Path lessonsDir) {
        return load(lessonsDir).problems();
    }

    /** A lessons folder loaded with every problem found in it (what loads and what does not). */
    public static Course load(Path lessonsDir) {
        return CourseLoader.load(lessonsDir, new LessonMarkdown());
    }

    /**
     * Checks one module's lessons (in file-name order) for repeated numbers and slugs; the later file
     * of a pair gets the error and is dropped from {@code loaded}.
     */
    static void checkNumbering(List<LessonLoader.Loaded> loaded, List<Problem> problems) {
        Map<Integer, String> numbers = new HashMap<>();
        Map<String, String> slugs = new HashMap<>();
        for (int i = 0; i < loaded.size(); i++) {
            LessonLoader.Loaded l = loaded.get(i);
            if (l.lesson() == null) continue;
            String name = l.file().getFileName().toString();
            String sameNumber = numbers.putIfAbsent(l.lesson().number(), name);
            String sameSlug = slugs.putIfAbsent(l.lesson().slug(), name);
            String clash = sameNumber != null ? "lesson number " + l.lesson().number() + " is also used by " + sameNumber
                    : sameSlug != null ? "slug '" + l.lesson().slug() + "' is also used by " + sameSlug : null;
            if (clash != null) {
                problems.add(Problem.error(l.file(), 1, clash + " in this module"));
                loaded.set(i, l.dropped());
            }
        }
    }

    /**
     * Aliases (a lesson's former ids) that would move students' progress to the wrong lesson: one that is
     * the id of a lesson file found (served or not: a broken lesson comes back once fixed), or one claimed by
     * two lessons. Each lesson so named gets the error; the files returned are to be dropped.
     */
    static Set<Path> checkAliases(List<LessonLoader.Loaded> all, List<Problem> problems) {
        Map<String, LessonLoader.Loaded> files = new HashMap<>();
        for (LessonLoader.Loaded l : all) files.putIfAbsent(l.id(), l);
        Map<String, List<LessonLoader.Loaded>> claims = new LinkedHashMap<>();
        for (LessonLoader.Loaded l : all) {
            if (l.lesson() == null) continue;
            for (String alias : new LinkedHashSet<>(l.lesson().aliases())) claims.computeIfAbsent(alias, a -> new ArrayList<>()).add(l);
        }
        Set<Path> dropped = new LinkedHashSet<>();
        claims.forEach((alias, by) -> {
            LessonLoader.Loaded file = files.get(alias);
            for (LessonLoader.Loaded l : by) {
                String problem = file == l ? "alias '" + alias + "' is this lesson's own id"
                        : file != null ? "alias '" + alias + "' is the id of the lesson file " + shown(file)
                                + ": an alias names a lesson id that no longer exists (remove the alias, or rename that file)"
                        : by.size() > 1 ? "alias '" + alias + "' is also claimed by " + String.join(" and ",
                                by.stream().filter(o -> o != l).map(LessonValidator::shown).toList())
                                + ": students' progress under it can follow only one lesson"
                        : null;
                if (problem != null) {
                    problems.add(Problem.error(l.file(), l.aliasesLine(), problem));
                    dropped.add(l.file());
                }
            }
        });
        return dropped;
    }

    /** A lesson file as authors know it: {@code <module>/<nn>-<slug>.md}. */
    private static String shown(LessonLoader.Loaded l) {
        Path dir = l.file().getParent();
        return (dir == null || dir.getFileName() == null ? "" : dir.getFileName() + "/") + l.file().getFileName();
    }

    /**
     * Warnings for lesson ids that students have progress under but that no served lesson has as its id or
     * alias: renamed without an alias, their progress no longer counts (the rows stay; an alias brings them back).
     *
     * @param studentsByLesson how many students have progress in each lesson id recorded
     */
    public static List<Problem> vanished(Course course, Path lessonsDir, Map<String, Integer> studentsByLesson) {
        List<Problem> out = new ArrayList<>();
        Path root = lessonsDir.toAbsolutePath().normalize();
        new TreeMap<>(studentsByLesson).forEach((id, students) -> {
            Path file = lessonsDir.resolve(id + ".md").normalize();
            // a lesson file that is there but broken is reported for what is wrong with it, not as gone
            boolean there = file.toAbsolutePath().normalize().startsWith(root) && Files.isRegularFile(file);
            if (there || course.lesson(id).isPresent() || course.renamed(id).isPresent() || students <= 0) return;
            out.add(Problem.warning(file, 0, "no lesson " + id + " any more, but " + students
                    + (students == 1 ? " student has" : " students have") + " progress in it: if it was renamed or "
                    + "renumbered, add 'aliases: [" + id + "]' to its new file's front matter"));
        });
        return out;
    }

    /** Each alias of a lesson that is served (not {@code dropped}), with that lesson's id. */
    static Map<String, String> aliases(List<LessonLoader.Loaded> all, Set<Path> dropped) {
        Map<String, String> out = new LinkedHashMap<>();
        for (LessonLoader.Loaded l : all) {
            if (l.lesson() != null && !dropped.contains(l.file())) l.lesson().aliases().forEach(a -> out.put(a, l.id()));
        }
        return out;
    }

    /**
     * Dead links and prerequisites, against every lesson file found (served or not) and the served lessons'
     * former ids: a link or prerequisite naming one is the renamed lesson's ({@link LessonAliasLinks}).
     *
     * @param aliases each former id of a served lesson, with that lesson's id
     */
    static void checkReferences(List<LessonLoader.Loaded> all, Map<String, String> aliases, List<Problem> problems) {
        Map<String, LessonLoader.Loaded> byId = new HashMap<>();
        for (LessonLoader.Loaded l : all) byId.putIfAbsent(l.id(), l);
        aliases.forEach((alias, id) -> byId.putIfAbsent(alias, byId.get(id)));
        for (LessonLoader.Loaded l : all) {
            for (LessonLoader.LessonLinkRef link : l.links()) {
                String problem = deadLinkProblem(link, byId);
                if (problem != null) problems.add(Problem.warning(l.file(), link.line(), problem));
            }
            if (l.lesson() == null) continue;
            for (String p : l.lesson().prerequisites()) {
                if (!byId.containsKey(p))
                    problems.add(Problem.warning(l.file(), l.prerequisitesLine(), "prerequisite '" + p + "' is not a lesson"));
            }
        }
    }

    private static String deadLinkProblem(LessonLoader.LessonLinkRef link, Map<String, LessonLoader.Loaded> byId) {
        LessonLinks.Target t = link.target();
        if (t.lessonId() == null)
            return "link '" + link.url() + "' does not point to a lesson (expected ../<module>/<nn>-<slug>.md)";
        LessonLoader.Loaded target = byId.get(t.lessonId());
        if (target == null) return "dead link '" + link.url() + "': no lesson " + t.lessonId();
        if (t.anchor() != null && target.lesson() != null && !target.lesson().anchors().contains(t.anchor()))
            return "dead link '" + link.url() + "': lesson " + target.id() + " has no heading or anchor #" + t.anchor();
        return null;
    }

    static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort((a, b) -> {
            int c = a.file().toString().compareTo(b.file().toString());
            return c != 0 ? c : Integer.compare(a.line(), b.line());
        });
        return out;
    }
}

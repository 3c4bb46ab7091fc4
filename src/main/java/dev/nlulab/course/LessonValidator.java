package dev.nlulab.course;

import dev.nlulab.content.Problem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks that look across lessons: two lessons of a module with one number or one slug, links to
 * lessons or anchors that do not exist, prerequisites that do not exist. The single-file checks run
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
                loaded.set(i, new LessonLoader.Loaded(l.file(), l.id(), null, l.problems(), l.links(), l.prerequisitesLine()));
            }
        }
    }

    /** Dead links and prerequisites, against every lesson file found (served or not). */
    static void checkReferences(List<LessonLoader.Loaded> all, List<Problem> problems) {
        Map<String, LessonLoader.Loaded> byId = new HashMap<>();
        for (LessonLoader.Loaded l : all) byId.putIfAbsent(l.id(), l);
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
            return "dead link '" + link.url() + "': lesson " + t.lessonId() + " has no heading or anchor #" + t.anchor();
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

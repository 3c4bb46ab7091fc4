package dev.nlulab.course;

import dev.nlulab.content.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One loaded state of the lessons folder, never changed after it is made: the modules in course order,
 * the lessons students may see (those without errors) in order, and every problem found.
 */
public final class Course {
    private final String title;
    private final List<CourseModule> modules;
    private final Map<String, List<Lesson>> lessonsByModule;
    private final List<Lesson> ordered;
    private final Map<String, Lesson> byId = new LinkedHashMap<>();
    private final Map<String, Lesson> byAlias = new LinkedHashMap<>();
    private final List<Problem> problems;

    Course(String title, List<CourseModule> modules, Map<String, List<Lesson>> lessonsByModule, List<Problem> problems) {
        this.title = title;
        this.modules = List.copyOf(modules);
        Map<String, List<Lesson>> copy = new LinkedHashMap<>();
        List<Lesson> all = new ArrayList<>();
        for (CourseModule m : modules) {
            List<Lesson> ls = List.copyOf(lessonsByModule.getOrDefault(m.id(), List.of()));
            copy.put(m.id(), ls);
            all.addAll(ls);
        }
        this.lessonsByModule = copy;
        this.ordered = List.copyOf(all);
        for (Lesson l : ordered) byId.put(l.id(), l);
        // the loader drops a lesson whose alias clashes, so each alias here names one lesson and no live id
        for (Lesson l : ordered) l.aliases().forEach(a -> byAlias.put(a, l));
        this.problems = List.copyOf(problems);
    }

    public String title() { return title; }

    public List<CourseModule> modules() { return modules; }

    public Optional<CourseModule> module(String moduleId) {
        return modules.stream().filter(m -> m.id().equals(moduleId)).findFirst();
    }

    /** The module's lessons in number order; empty for an unknown module. */
    public List<Lesson> lessons(String moduleId) {
        return lessonsByModule.getOrDefault(moduleId, List.of());
    }

    /** Every served lesson, module by module. */
    public List<Lesson> lessons() { return ordered; }

    public Optional<Lesson> lesson(String lessonId) {
        return Optional.ofNullable(byId.get(lessonId));
    }

    /** The served lesson that lists {@code formerId} among its aliases: it was renamed or renumbered. */
    public Optional<Lesson> renamed(String formerId) {
        return Optional.ofNullable(byAlias.get(formerId));
    }

    /** Each alias of a served lesson, with that lesson's id. */
    public Map<String, String> aliases() {
        Map<String, String> out = new LinkedHashMap<>();
        byAlias.forEach((alias, l) -> out.put(alias, l.id()));
        return out;
    }

    /** The same course with more problems found (by checks that need more than the files). */
    Course withProblems(List<Problem> more) {
        if (more.isEmpty()) return this;
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(more);
        return new Course(title, modules, lessonsByModule, LessonValidator.sorted(all));
    }

    /** The lesson before this one in course order (crossing into the previous module). */
    public Optional<Lesson> previous(String lessonId) {
        int i = indexOf(lessonId);
        return i > 0 ? Optional.of(ordered.get(i - 1)) : Optional.empty();
    }

    public Optional<Lesson> next(String lessonId) {
        int i = indexOf(lessonId);
        return i >= 0 && i + 1 < ordered.size() ? Optional.of(ordered.get(i + 1)) : Optional.empty();
    }

    /** Everything wrong in the lessons folder, errors and warnings, by file and line. */
    public List<Problem> problems() { return problems; }

    private int indexOf(String lessonId) {
        Lesson l = byId.get(lessonId);
        return l == null ? -1 : ordered.indexOf(l);
    }
}

package dev.nlulab.grader;

import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a lab's gradebook for instructors (the page and the exports read it). */
public final class GradebookService {
    private final SubmissionService submissions;
    private final StudentDirectory students;

    public GradebookService(SubmissionService submissions, StudentDirectory students) {
        this.submissions = submissions;
        this.students = students;
    }

    public Gradebook gradebook(Viewer viewer, String labId) {
        SubmissionService.requireInstructor(viewer);
        Lab lab = submissions.lab(labId);
        List<User> roster = students.students();
        List<Long> finals = new ArrayList<>();
        Map<String, Map<Long, Grade>> grades = new HashMap<>();
        for (Exercise ex : lab.exercises()) {
            Map<Long, List<Submission>> byStudent = new HashMap<>();
            for (Submission s : submissions.store().ofExercise(lab.id(), ex.id(), false)) {
                byStudent.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s);
            }
            Map<Long, Grade> ofEx = new HashMap<>();
            for (User u : roster) {
                Grade g = Grade.of(lab, ex, byStudent.getOrDefault(u.id(), List.of()));
                ofEx.put(u.id(), g);
                if (g.submitted()) finals.add(g.fin().id());
            }
            grades.put(ex.id(), ofEx);
        }
        Map<Long, String> writeups = submissions.writeups(finals);
        List<Gradebook.Row> rows = new ArrayList<>();
        for (User u : roster) {
            List<Gradebook.Cell> cells = new ArrayList<>();
            double total = 0;
            for (Exercise ex : lab.exercises()) {
                Grade g = grades.get(ex.id()).get(u.id());
                Double points = g.points(lab);
                if (points != null) total += points;
                Long finalId = g.submitted() ? g.fin().id() : null;
                cells.add(new Gradebook.Cell(ex, g.score(), points, g.late(), g.attempts(), finalId, finalId == null ? null : writeups.get(finalId)));
            }
            rows.add(new Gradebook.Row(u, List.copyOf(cells), total));
        }
        return new Gradebook(lab, List.copyOf(rows));
    }
}

package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The grade book of a lab as CSV: one row per student and exercise, with the final submission's
 * score (private share; the whole test set when there is no private share), the points it earns
 * (points x score clipped to [0, 1], times 1 - penalty when late under the penalty policy) and the late flag.
 */
public final class GradeExport {
    private final SubmissionService submissions;
    private final StudentDirectory students;

    public GradeExport(SubmissionService submissions, StudentDirectory students) {
        this.submissions = submissions;
        this.students = students;
    }

    public void write(Viewer viewer, String labId, Writer out) throws IOException {
        SubmissionService.requireInstructor(viewer);
        Lab lab = submissions.lab(labId);
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("student", "lab", "exercise", "score", "points", "late").get())) {
            for (Exercise ex : lab.exercises()) {
                Map<Long, List<Submission>> byStudent = new LinkedHashMap<>();
                for (Submission s : submissions.store().ofExercise(lab.id(), ex.id(), true)) {
                    byStudent.computeIfAbsent(s.userId(), k -> new ArrayList<>()).add(s);
                }
                for (Map.Entry<Long, List<Submission>> e : byStudent.entrySet()) {
                    Submission fin = finalFor(e.getValue(), ex, lab);
                    double score = fin.privateScore();
                    double factor = fin.late() && lab.late().kind() == Lab.LatePolicy.Kind.PENALTY ? 1 - lab.late().penalty() : 1;
                    double points = ex.points() * Math.max(0, Math.min(1, score)) * factor;
                    csv.printRecord(plainText(students.name(e.getKey())), lab.id(), ex.id(),
                            String.format(Locale.ROOT, "%.4f", score), String.format(Locale.ROOT, "%.2f", points), fin.late());
                }
            }
        }
    }

    /** The final submission; on-time ones are preferred over late ones under the unranked policy. */
    private static Submission finalFor(List<Submission> subs, Exercise ex, Lab lab) {
        List<Submission> onTime = subs.stream().filter(s -> !s.late()).toList();
        List<Submission> pool = lab.late().kind() == Lab.LatePolicy.Kind.UNRANKED && !onTime.isEmpty() ? onTime : subs;
        return Leaderboard.finalOf(pool, ex.finalSelection(), lab.late());
    }

    /** A spreadsheet must not read a name like "=HYPERLINK(...)" as a formula: prefix a quote. */
    static String plainText(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) return "'" + cell;
        return cell;
    }
}

package dev.nlulab.grader;

import dev.nlulab.identity.User;
import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lab's gradebook as CSV, one row per student on the roster, in two layouts:
 * <ul>
 * <li>{@link #write}: {@code user_id, email, name}, then per exercise {@code <id>_score} (the final submission's
 *     private score, 4 decimals), {@code <id>_points} (2 decimals), {@code <id>_late}, {@code <id>_attempts}, and
 *     {@code total_points}; a student with nothing graded has an empty score and 0 points.</li>
 * <li>{@link #writeCanvas}: the layout Canvas's gradebook imports: {@code Student, ID, SIS User ID, SIS Login ID,
 *     Section}, one column per exercise named "lab title: exercise title" holding the points, and a second row
 *     {@code Points Possible}. Canvas's own ids are unknown here, so the e-mail is the SIS Login ID; a student
 *     with nothing graded has an empty cell, which Canvas leaves unchanged.</li>
 * </ul>
 */
public final class GradeExport {
    private final GradebookService gradebooks;

    public GradeExport(GradebookService gradebooks) {
        this.gradebooks = gradebooks;
    }

    public void write(Viewer viewer, String labId, Writer out) throws IOException {
        Gradebook book = gradebooks.gradebook(viewer, labId);
        List<String> header = new ArrayList<>(List.of("user_id", "email", "name"));
        for (Exercise ex : book.exercises()) {
            for (String col : List.of("score", "points", "late", "attempts")) header.add(ex.id() + "_" + col);
        }
        header.add("total_points");
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (Gradebook.Row row : book.rows()) {
                List<Object> cells = new ArrayList<>(List.of(row.student().id(), plainText(row.student().email()), plainText(row.student().displayName())));
                for (Gradebook.Cell c : row.cells()) {
                    cells.add(c.submitted() ? decimals(c.score(), 4) : "");
                    cells.add(decimals(c.submitted() ? c.points() : 0.0, 2));
                    cells.add(c.late());
                    cells.add(c.attempts());
                }
                cells.add(decimals(row.totalPoints(), 2));
                csv.printRecord(cells);
            }
        }
    }

    public void writeCanvas(Viewer viewer, String labId, Writer out) throws IOException {
        Gradebook book = gradebooks.gradebook(viewer, labId);
        List<String> header = new ArrayList<>(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section"));
        List<Object> possible = new ArrayList<>(List.of("Points Possible", "", "", "", ""));
        for (Exercise ex : book.exercises()) {
            header.add(plainText(book.lab().title() + ": " + ex.title()));
            possible.add(decimals(ex.points(), 2));
        }
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
            csv.printRecord(possible);
            for (Gradebook.Row row : book.rows()) {
                User u = row.student();
                List<Object> cells = new ArrayList<>(List.of(plainText(u.displayName()), "", "", plainText(u.email()), ""));
                for (Gradebook.Cell c : row.cells()) cells.add(c.submitted() ? decimals(c.points(), 2) : "");
                csv.printRecord(cells);
            }
        }
    }

    private static String decimals(double v, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", v);
    }

    /** A spreadsheet must not read a name like "=HYPERLINK(...)" as a formula: prefix a quote. */
    static String plainText(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) return "'" + cell;
        return cell;
    }
}

package dev.nlulab.grader;

import dev.nlulab.identity.Viewer;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.Parameter;
import dev.nlulab.web.CourseTime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one exercise's panel on a lab page shows a student: points, attempts left, their history, the job
 * form generated from the exercise's parameters, and what became of the last thing they sent.
 */
public final class ExercisePanels {
    private final SubmissionService submissions;
    private final LeaderboardService boards;
    private final Clock clock;
    private final CourseTime courseTime;

    ExercisePanels(SubmissionService submissions, LeaderboardService boards, Clock clock, CourseTime courseTime) {
        this.submissions = submissions;
        this.boards = boards;
        this.clock = clock;
        this.courseTime = courseTime;
    }

    /** What happened to the last thing sent to an exercise, shown in its panel. */
    public record Outcome(String kind, String message, List<String> problems, String score, List<String> reported, Integer rank,
                          Integer of, Long jobId) {
        static Outcome refused(String message) { return new Outcome("refused", message, List.of(), null, List.of(), null, null, null); }
    }

    /** One field of a job form, generated from the exercise's parameter schema; {@code advanced} ones are folded away. */
    public record FormField(String name, String type, String min, String max, String step, List<String> values,
                            String value, String defaultValue, String description, String error, boolean advanced) {}

    /**
     * A row of a student's own history: {@code number} counts their submissions to the exercise (1 is the first);
     * the reported lists hold the exercise's further metrics ("success@5 0.2941").
     */
    public record HistoryRow(long id, int number, String when, StatusPill status, String publicScore, List<String> publicReported,
                             String privateScore, List<String> privateReported, boolean late, boolean chosen, boolean graded,
                             Long jobId, List<String> problems, boolean hasFile) {}

    /** Everything one exercise's panel shows. */
    /** {@code writeup}: the write-up the student sent last for the exercise, to start the next one from ("" for none). */
    public record Panel(Exercise ex, String points, Attempts attempts, String deadline, String resetsAt, boolean revealed,
                        List<HistoryRow> history, List<FormField> fields, Outcome outcome, boolean chosenSelection, String writeup) {
        /** The job form's fields shown at once. */
        public List<FormField> mainFields() {
            return fields.stream().filter(f -> !f.advanced()).toList();
        }

        /** The fields folded under "More settings". */
        public List<FormField> moreFields() {
            return fields.stream().filter(FormField::advanced).toList();
        }

        /** A folded field was refused: the fold opens so its message is seen. */
        public boolean moreFieldsInvalid() {
            return moreFields().stream().anyMatch(f -> f.error() != null);
        }
    }

    /** What a panel shows besides the student's record: an outcome, and for a job form sent back, its values and errors. */
    record State(Outcome outcome, Map<String, String> values, Map<String, String> errors) {
        static final State NONE = new State(null, Map.of(), Map.of());
    }

    /** One panel per exercise of the lab; {@code states}: by exercise id. */
    List<Panel> of(Viewer viewer, Lab lab, Map<String, State> states) {
        List<Panel> panels = new ArrayList<>();
        for (Exercise ex : lab.exercises()) {
            State st = states.getOrDefault(ex.id(), State.NONE);
            Attempts a = submissions.attempts(viewer.userId(), lab.id(), ex.id());
            boolean revealed = !clock.instant().isBefore(submissions.revealAt(lab, ex));
            List<SubmissionView> own = submissions.history(viewer, lab.id(), ex.id());
            List<HistoryRow> history = new ArrayList<>();
            for (int i = 0; i < own.size(); i++) history.add(historyRow(own.get(i), i + 1));
            panels.add(new Panel(ex, Format.bound(ex.points()), a, courseTime.format(a.deadline()), courseTime.format(a.resetsAt()), revealed,
                    Format.newestFirst(history), fields(ex, st.values(), st.errors()), st.outcome(),
                    ex.finalSelection() == Exercise.FinalSelection.CHOSEN, lastWriteup(ex, own)));
        }
        return panels;
    }

    private String lastWriteup(Exercise ex, List<SubmissionView> own) {
        if (!ex.writeup().asked() || own.isEmpty()) return "";
        Map<Long, String> texts = submissions.writeups(own.stream().map(SubmissionView::id).toList());
        for (int i = own.size() - 1; i >= 0; i--) if (texts.containsKey(own.get(i).id())) return texts.get(own.get(i).id());
        return "";
    }

    /** What became of a submission, as its panel says it: graded (with the public rank), invalid, queued, or not gradable. */
    Outcome outcome(Viewer viewer, Lab lab, Exercise ex, SubmissionView s) {
        return switch (s.status()) {
            case GRADED -> {
                Board board = boards.publicBoard(viewer, lab.id(), ex.id());
                Integer rank = board.rows().stream().filter(Board.Row::you).map(Board.Row::rank).findFirst().orElse(null);
                String note = s.late() ? " (late: " + lab.late().rule() + ")" : "";
                yield new Outcome("graded", "Graded" + note + ".", List.of(), Format.score(s.publicScore()), Format.reported(s, false), rank,
                        board.rows().size(), null);
            }
            case INVALID -> new Outcome("invalid", "This file was not graded and costs no submission. Fix these problems and upload it again:",
                    Format.problems(s), null, List.of(), null, null, null);
            case PENDING -> new Outcome("queued", "Job " + s.jobId() + " is queued; it is graded when it ends.", List.of(), null, List.of(),
                    null, null, s.jobId());
            case NOT_GRADABLE -> Outcome.refused("Could not be graded (this costs no submission): " + s.message());
        };
    }

    private HistoryRow historyRow(SubmissionView s, int number) {
        return new HistoryRow(s.id(), number, courseTime.format(s.submittedAt()), StatusPill.of(s.status()), Format.score(s.publicScore()),
                Format.reported(s, false), Format.score(s.privateScore()), Format.reported(s, true), s.late(), s.chosenFinal(),
                s.status() == SubmissionStatus.GRADED, s.jobId(), Format.problems(s), s.hasFile());
    }

    private static List<FormField> fields(Exercise ex, Map<String, String> values, Map<String, String> errors) {
        if (ex.kind() != Exercise.Kind.JOB) return List.of();
        List<FormField> out = new ArrayList<>();
        for (Parameter p : ex.parameters().parameters()) {
            String def = p.defaultValue() == null ? "" : p.defaultValue().toString();
            String type = switch (p.type()) {
                case INT, NUMBER -> "number";
                case ENUM -> "enum";
                case BOOL -> "bool";
                default -> "text";
            };
            List<String> choices = p.type() == Parameter.Type.BOOL ? List.of("true", "false") : p.values();
            out.add(new FormField(p.name(), type, Format.bound(p.min()), Format.bound(p.max()), p.type() == Parameter.Type.INT ? "1" : "any",
                    choices, values.getOrDefault(p.name(), def), def, p.description(), errors.get(p.name()), p.advanced()));
        }
        return out;
    }
}

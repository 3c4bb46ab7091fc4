package dev.nlulab.authoring;

import dev.nlulab.grader.Grading;
import dev.nlulab.grader.PredictionsParser;
import dev.nlulab.grader.SubmissionStatus;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabLoader;
import dev.nlulab.labs.LabValidator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dry run of grading before students meet a lab: a predictions file graded against the exercise's key
 * by the server's own {@link Grading} (parser, public/private split, metrics), with no database.
 */
public final class LabDryRun {
    /** The exercise checked, how many of its key's items are public, and the grading's outcome. */
    public record Result(Lab lab, Exercise exercise, int items, int publicItems, Grading.Evaluation outcome) {
        /** Whether the server would accept and grade the file. */
        public boolean valid() { return outcome.status() == SubmissionStatus.GRADED; }
    }

    /** The lab, the exercise or the file cannot be checked; the lines say why. */
    public static final class Refused extends Exception {
        private final transient List<String> reasons;

        Refused(List<String> reasons) {
            super(String.join("\n", reasons));
            this.reasons = List.copyOf(reasons);
        }

        public List<String> reasons() { return reasons; }
    }

    private LabDryRun() {}

    /** Grades {@code predictions} for {@code exerciseId} (null: the lab's only predictions-graded exercise). */
    public static Result run(Path labsDir, Path graderDir, String labId, String exerciseId, Path predictions) throws Refused, IOException {
        if (!Files.isRegularFile(predictions)) throw new Refused(List.of(predictions + ": no such file"));
        LabLoader.Result loaded = new LabValidator(labsDir, graderDir).validate(labId);
        if (!loaded.ok()) throw new Refused(loaded.problems().stream().map(Object::toString).toList());
        Lab lab = loaded.lab();
        Exercise exercise = exercise(lab, exerciseId);
        Key key = Key.load(lab.keys().get(exercise.id()));
        Grading grading = new Grading((l, id) -> key, PredictionsParser.DEFAULT_MAX_BYTES);
        int publicItems = 0;
        for (boolean p : grading.split(key, lab, exercise)) if (p) publicItems++;
        return new Result(lab, exercise, key.size(), publicItems, grading.evaluate(lab, exercise, predictions));
    }

    private static Exercise exercise(Lab lab, String exerciseId) throws Refused {
        List<String> ids = lab.exercises().stream().map(Exercise::id).toList();
        if (exerciseId != null) {
            return lab.exercise(exerciseId).orElseThrow(() -> new Refused(List.of(
                    "lab " + lab.id() + " has no exercise '" + exerciseId + "' (it has " + String.join(", ", ids) + ")")));
        }
        if (ids.size() == 1) return lab.exercises().get(0);
        throw new Refused(List.of("lab " + lab.id() + " has " + ids.size() + " exercises; name one with --exercise ("
                + String.join(", ", ids) + ")"));
    }
}

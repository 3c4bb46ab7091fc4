package dev.nlulab.grader;

import dev.nlulab.content.Problem;
import dev.nlulab.labs.Baseline;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.LabCheck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every baseline a lab declares can be scored by the grader as a student's file would be: read against the
 * exercise's key (every problem with the baseline file's line) and scored. {@code lab validate} and the
 * server's lab loading run it, so a lab whose baseline cannot be scored is reported, not served.
 */
public final class BaselineCheck implements LabCheck {
    private final Grading grading = new Grading((lab, exerciseId) -> Key.load(lab.keys().get(exerciseId)), PredictionsParser.DEFAULT_MAX_BYTES);

    @Override
    public List<Problem> check(Lab lab) {
        List<Problem> problems = new ArrayList<>();
        for (Exercise ex : lab.exercises()) {
            for (Baseline b : ex.baselines()) {
                try {
                    PredictionsParser.Result parsed = grading.parse(lab, ex, b.predictions());
                    for (PredictionsParser.Problem p : parsed.problems()) {
                        problems.add(Problem.error(b.predictions(), p.line(), "baseline '" + b.name() + "' of exercise '" + ex.id() + "': " + p.message()));
                    }
                    if (parsed.valid()) grading.score(lab, ex, parsed.predictions());
                } catch (IOException | RuntimeException e) {
                    problems.add(Problem.error(lab.dir().resolve("lab.yaml"), b.line(),
                            "baseline '" + b.name() + "' of exercise '" + ex.id() + "' cannot be scored: " + e.getMessage()));
                }
            }
        }
        return problems;
    }
}

package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.metrics.Metric;
import dev.nlulab.metrics.Metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one grading of a predictions file: parsed against the key for the prediction type of the
 * exercise's metric, split into public and private items ({@link PublicSplit}), scored with the main
 * metric and each reported one. Uploads, job outputs and {@code nlulab lab check} all come here.
 */
public final class Grading {
    /** The parser's verdict, and when the file is valid its scores (reported metrics by name, in order). */
    public record Outcome(PredictionsParser.Result parsed, Score score, Map<String, Score> reported) {
        public boolean valid() { return parsed.valid(); }
    }

    private final PredictionsParser parser;

    public Grading(long maxBytes) {
        this.parser = new PredictionsParser(maxBytes);
    }

    /** The public flag of each key item for this exercise, as every grading of it uses. */
    public static boolean[] split(Key key, String labId, Exercise exercise) {
        return PublicSplit.of(key, labId, exercise.id(), exercise.publicFraction());
    }

    public Outcome grade(Path file, Key key, Exercise exercise, boolean[] split) throws IOException {
        Metric metric = Metrics.byName(exercise.metric());
        PredictionsParser.Result parsed = parser.parse(file, key, metric.kind());
        if (!parsed.valid()) return new Outcome(parsed, null, Map.of());
        Scorer scorer = new Scorer(key, metric, split);
        Map<String, Score> reported = new LinkedHashMap<>();
        for (String name : exercise.alsoReport()) reported.put(name, scorer.score(parsed.predictions(), Metrics.byName(name)));
        return new Outcome(parsed, scorer.score(parsed.predictions()), reported);
    }
}

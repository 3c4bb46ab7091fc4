package dev.nlulab.grader;

import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Key;
import dev.nlulab.labs.Lab;
import dev.nlulab.metrics.Metric;
import dev.nlulab.metrics.Metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a predictions file is graded, whoever handed it in (a student, a job, a baseline): read against the
 * exercise's key, scored with its metric and the metrics it also reports, on its public/private split.
 * Uploads, job outputs, baselines and {@code nlulab lab check} all come here.
 */
public final class Grading {
    /** Where the hidden key of an exercise comes from (the catalog's cache in the server; the file itself when validating). */
    @FunctionalInterface
    public interface Keys {
        Key key(Lab lab, String exerciseId) throws IOException;
    }

    /** The result of grading one file, before it is recorded: the exercise's metric, and those it also reports. */
    public record Evaluation(SubmissionStatus status, Score score, Map<String, Score> reported, String message) {
        static Evaluation not(SubmissionStatus status, String message) {
            return new Evaluation(status, null, Map.of(), message);
        }
    }

    /** What a public split depends on: the exercise and the key's content, never which object holds the key. */
    private record SplitKey(String labId, String exerciseId, double publicFraction, String keyFingerprint) {}

    private final Keys keys;
    private final PredictionsParser parser;
    private final Map<SplitKey, boolean[]> splits = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SplitKey, boolean[]> eldest) { return size() > 64; }
    };

    public Grading(Keys keys, long maxBytes) {
        this.keys = keys;
        this.parser = new PredictionsParser(maxBytes);
    }

    Key key(Lab lab, Exercise ex) throws IOException {
        return keys.key(lab, ex.id());
    }

    /** The file read against the exercise's key: its predictions in key order, or its problems. */
    PredictionsParser.Result parse(Lab lab, Exercise ex, Path file) throws IOException {
        return parser.parse(file, key(lab, ex), Metrics.byName(ex.metric()).kind());
    }

    /** Grades a file; an unreadable file is INVALID, a failure of the platform's NOT_GRADABLE (it costs the student nothing). */
    public Evaluation evaluate(Lab lab, Exercise ex, Path file) {
        try {
            PredictionsParser.Result parsed = parse(lab, ex, file);
            if (!parsed.valid()) return Evaluation.not(SubmissionStatus.INVALID, parsed.message());
            return score(lab, ex, parsed.predictions());
        } catch (IOException | RuntimeException e) {
            return Evaluation.not(SubmissionStatus.NOT_GRADABLE, "could not be graded: " + e.getMessage());
        }
    }

    /** Scores predictions aligned with the key's items. */
    Evaluation score(Lab lab, Exercise ex, List<List<String>> predictions) throws IOException {
        Key key = key(lab, ex);
        Scorer scorer = new Scorer(key, Metrics.byName(ex.metric()), split(key, lab, ex));
        Map<String, Score> reported = new LinkedHashMap<>();
        for (String name : ex.alsoReport()) reported.put(name, scorer.score(predictions, Metrics.byName(name)));
        Metric metric = Metrics.byName(ex.metric());
        return new Evaluation(SubmissionStatus.GRADED, scorer.score(predictions, metric), reported, null);
    }

    /** The public flag of each key item for this exercise, as every grading of it uses. */
    public synchronized boolean[] split(Key key, Lab lab, Exercise ex) {
        return splits.computeIfAbsent(new SplitKey(lab.id(), ex.id(), ex.publicFraction(), key.fingerprint()),
                k -> PublicSplit.of(key, lab.id(), ex.id(), ex.publicFraction()));
    }
}

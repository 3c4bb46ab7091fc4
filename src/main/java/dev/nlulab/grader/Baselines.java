package dev.nlulab.grader;

import dev.nlulab.labs.Baseline;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of an exercise's baselines, graded like a student's file (same parser, split and metrics), and
 * kept until the baseline file or the key changes. A baseline that cannot be scored is left out here; the
 * lab's validation ({@link BaselineCheck}) has reported it.
 */
final class Baselines {
    /** A baseline's scores: the main metric and the reported ones, on both shares. */
    record Scored(String name, Score score, Map<String, Score> reported) {}

    private record Stamp(String file, long modified, long size, String key, double publicFraction) {}

    private final Grading grading;
    private final Map<String, Map.Entry<Stamp, Scored>> cache = new HashMap<>();

    Baselines(Grading grading) {
        this.grading = grading;
    }

    synchronized List<Scored> of(Lab lab, Exercise ex) {
        List<Scored> out = new ArrayList<>();
        for (Baseline b : ex.baselines()) {
            try {
                Stamp stamp = new Stamp(b.predictions().toString(), Files.getLastModifiedTime(b.predictions()).toMillis(),
                        Files.size(b.predictions()), grading.key(lab, ex).fingerprint(), ex.publicFraction());
                String id = lab.id() + "/" + ex.id() + "/" + b.name();
                Map.Entry<Stamp, Scored> cached = cache.get(id);
                if (cached == null || !cached.getKey().equals(stamp)) {
                    Grading.Evaluation e = grading.evaluate(lab, ex, b.predictions());
                    if (e.status() != SubmissionStatus.GRADED) continue;
                    cached = Map.entry(stamp, new Scored(b.name(), e.score(), e.reported()));
                    cache.put(id, cached);
                }
                out.add(cached.getValue());
            } catch (IOException e) {
                // the file went away since the lab was validated: the next validation says so
            }
        }
        return out;
    }
}

package dev.nlulab.prompting.methods;

import dev.nlulab.encoder.Vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cheaper phase 1 than asking the LLM (a project addition, not in the reference): the mean embedding of
 * each task's labelled questions is its centroid, and a question is the task whose centroid is most
 * cosine-similar to its embedding. No LLM call; the task names a data set when the labels do.
 */
public final class CentroidIdentifier implements ScenarioIdentifier {
    /** A question whose task is known (a pool question with its data set and scenario). */
    public record Labelled(String text, Task task) {}

    private final Embedder embedder;
    private final List<Task> tasks;
    private final List<float[]> centroids; // unit vectors, one per task

    private CentroidIdentifier(Embedder embedder, List<Task> tasks, List<float[]> centroids) {
        this.embedder = embedder;
        this.tasks = tasks;
        this.centroids = centroids;
    }

    /** Centroids of the labelled questions' embeddings, one per distinct task, in order of first appearance. */
    public static CentroidIdentifier fit(Embedder embedder, List<Labelled> labelled) {
        if (labelled.isEmpty()) throw new IllegalArgumentException("the centroid identifier needs labelled questions");
        List<float[]> vectors = embedder.embed(labelled.stream().map(Labelled::text).toList());
        Map<Task, float[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < labelled.size(); i++) {
            float[] sum = sums.computeIfAbsent(labelled.get(i).task(), t -> new float[vectors.get(0).length]);
            float[] v = vectors.get(i);
            for (int d = 0; d < sum.length; d++) sum[d] += v[d];
        }
        List<float[]> centroids = new ArrayList<>();
        for (float[] sum : sums.values()) centroids.add(unit(sum));
        return new CentroidIdentifier(embedder, List.copyOf(sums.keySet()), centroids);
    }

    private static float[] unit(float[] v) {
        double norm = Vectors.norm(v);
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) out[d] = (float) (v[d] / norm);
        return out;
    }

    public List<Task> tasks() {
        return tasks;
    }

    @Override
    public boolean namesDatasets() {
        return tasks.stream().allMatch(t -> t.dataset() != null);
    }

    @Override
    public List<Identification> identify(List<Question> questions) {
        List<float[]> vectors = embedder.embed(questions.stream().map(Question::text).toList());
        List<Identification> out = new ArrayList<>(questions.size());
        for (float[] v : vectors) {
            int best = 0;
            double bestSimilarity = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < centroids.size(); t++) {
                double s = Vectors.dot(v, centroids.get(t));
                if (s > bestSimilarity) {
                    bestSimilarity = s;
                    best = t;
                }
            }
            out.add(new Identification(tasks.get(best), Identification.Decided.CENTROID, List.of()));
        }
        return out;
    }
}

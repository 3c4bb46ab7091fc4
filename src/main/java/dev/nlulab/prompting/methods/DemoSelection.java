package dev.nlulab.prompting.methods;

import dev.nlulab.tasks.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Auto-CoT's and Meta-CoT's demonstrations for one group of pool questions (a data set, or a scenario):
 * embed "Q: question\nA:", k-means into k clusters, and from each cluster take the question nearest its
 * centroid that passes the filters; a cluster where none passes gives no demonstration. The demonstration's
 * rationale is the trigger and the model's reasoning on one line, its answer the model's own.
 */
public final class DemoSelection {
    /** What happened in one cluster: the demonstration taken (or null) and the nearer candidates it skipped, with why. */
    public record ClusterChoice(int cluster, int size, Demo demo, List<Rejection> rejected) {}

    public record Rejection(String id, String reason) {}

    /** The demonstrations in cluster order, and how each cluster chose. */
    public record Selected(List<Demo> demos, List<ClusterChoice> clusters) {}

    private DemoSelection() {
    }

    public static Selected select(List<Candidate> group, Scenario scenario, Embedder embedder, int k, DemoFilters filters,
                                  String trigger, long seed) {
        if (group.isEmpty()) return new Selected(List.of(), List.of());
        List<float[]> vectors = embedder.embed(group.stream().map(c -> "Q: " + c.question() + "\nA:").toList());
        KMeans.Result clusters = KMeans.cluster(vectors, k, seed);
        List<Demo> demos = new ArrayList<>();
        List<ClusterChoice> choices = new ArrayList<>();
        for (int ci = 0; ci < clusters.clusters().size(); ci++) {
            List<KMeans.Member> members = clusters.clusters().get(ci);
            List<Rejection> rejected = new ArrayList<>();
            Demo chosen = null;
            for (KMeans.Member m : members) {
                Candidate c = group.get(m.index());
                Optional<String> why = filters.reject(c, scenario);
                if (why.isPresent()) {
                    rejected.add(new Rejection(c.id(), why.get()));
                    continue;
                }
                chosen = new Demo(c.question(), oneLine(trigger + " " + c.rationale()), c.answer(), c.id());
                break;
            }
            if (chosen != null) demos.add(chosen);
            choices.add(new ClusterChoice(ci, members.size(), chosen, List.copyOf(rejected)));
        }
        return new Selected(List.copyOf(demos), List.copyOf(choices));
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}

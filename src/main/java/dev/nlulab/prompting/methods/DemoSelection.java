package dev.nlulab.prompting.methods;

import dev.nlulab.tasks.Scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Auto-CoT's and Meta-CoT's demonstrations for groups of pool questions (data sets, or scenarios): embed
 * "Q: question\nA:", k-means into k clusters, and from each cluster take the question nearest its centroid
 * that passes the filters; a cluster where none passes gives no demonstration. The demonstration's rationale
 * is the trigger and the model's reasoning on one line, its answer the model's own.
 *
 * <p>The reasoning is asked only for the members a cluster reaches ({@link #selectAll}): in rounds, each
 * undecided cluster's next member, all clusters' together in one batch; a question too long for the filters
 * is skipped without asking. The choices are those of reasoning over the whole pool first, for a tenth of its calls.
 */
public final class DemoSelection {
    /** What happened in one cluster: the demonstration taken (or null) and the nearer candidates it skipped, with why. */
    public record ClusterChoice(int cluster, int size, Demo demo, List<Rejection> rejected) {}

    public record Rejection(String id, String reason) {}

    /** The demonstrations in cluster order, and how each cluster chose. */
    public record Selected(List<Demo> demos, List<ClusterChoice> clusters) {}

    /** One group of pool questions: its scenario (for the filters) and its k. */
    public record Group(List<PoolReasoning.PoolQuestion> questions, Scenario scenario, int k) {}

    private DemoSelection() {
    }

    /** One group whose reasoning is already known (every candidate reasoned). */
    public static Selected select(List<Candidate> group, Scenario scenario, Embedder embedder, int k, DemoFilters filters,
                                  String trigger, long seed) {
        Map<String, Candidate> byId = new HashMap<>();
        group.forEach(c -> byId.put(c.id(), c));
        List<PoolReasoning.PoolQuestion> questions = group.stream().map(c -> new PoolReasoning.PoolQuestion(c.id(), c.question(), null)).toList();
        return selectAll(List.of(new Group(questions, scenario, k)), embedder, filters, trigger, seed,
                asked -> asked.stream().map(q -> byId.get(q.id())).toList()).get(0);
    }

    /**
     * Every group's demonstrations; {@code reason} turns pool questions into candidates (one batch of LLM calls),
     * and is called once per round with the members the undecided clusters reach next.
     */
    public static List<Selected> selectAll(List<Group> groups, Embedder embedder, DemoFilters filters, String trigger, long seed,
                                           Function<List<PoolReasoning.PoolQuestion>, List<Candidate>> reason) {
        List<Walk> walks = new ArrayList<>();
        List<List<Walk>> byGroup = new ArrayList<>();
        for (Group g : groups) {
            List<Walk> own = new ArrayList<>();
            if (!g.questions().isEmpty()) {
                List<float[]> vectors = embedder.embed(g.questions().stream().map(q -> "Q: " + q.text() + "\nA:").toList());
                List<List<KMeans.Member>> clusters = KMeans.cluster(vectors, g.k(), seed).clusters();
                for (int ci = 0; ci < clusters.size(); ci++) own.add(new Walk(g, ci, clusters.get(ci)));
            }
            walks.addAll(own);
            byGroup.add(own);
        }
        while (true) {
            List<Walk> waiting = new ArrayList<>();
            List<PoolReasoning.PoolQuestion> asked = new ArrayList<>();
            for (Walk w : walks) {
                Optional<PoolReasoning.PoolQuestion> next = w.next(filters);
                if (next.isPresent()) {
                    waiting.add(w);
                    asked.add(next.get());
                }
            }
            if (asked.isEmpty()) break;
            List<Candidate> reasoned = reason.apply(asked);
            for (int i = 0; i < waiting.size(); i++) waiting.get(i).judge(reasoned.get(i), filters, trigger);
        }
        List<Selected> out = new ArrayList<>();
        for (List<Walk> own : byGroup) {
            List<Demo> demos = own.stream().map(w -> w.chosen).filter(d -> d != null).toList();
            out.add(new Selected(demos, own.stream().map(Walk::choice).toList()));
        }
        return out;
    }

    /** One cluster's walk from its centre outwards until a member passes the filters or none is left. */
    private static final class Walk {
        private final Group group;
        private final int cluster;
        private final List<KMeans.Member> members;
        private final List<Rejection> rejected = new ArrayList<>();
        private int at;
        private Demo chosen;

        Walk(Group group, int cluster, List<KMeans.Member> members) {
            this.group = group;
            this.cluster = cluster;
            this.members = members;
        }

        /** The next member worth reasoning over; members whose question alone fails are rejected on the way. */
        Optional<PoolReasoning.PoolQuestion> next(DemoFilters filters) {
            while (chosen == null && at < members.size()) {
                PoolReasoning.PoolQuestion q = group.questions().get(members.get(at).index());
                Optional<String> why = filters.rejectQuestion(q.text());
                if (why.isEmpty()) return Optional.of(q);
                rejected.add(new Rejection(q.id(), why.get()));
                at++;
            }
            return Optional.empty();
        }

        void judge(Candidate c, DemoFilters filters, String trigger) {
            at++;
            Optional<String> why = filters.reject(c, group.scenario());
            if (why.isPresent()) rejected.add(new Rejection(c.id(), why.get()));
            else chosen = new Demo(c.question(), oneLine(trigger + " " + c.rationale()), c.answer(), c.id());
        }

        ClusterChoice choice() {
            return new ClusterChoice(cluster, members.size(), chosen, List.copyOf(rejected));
        }
    }

    static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}

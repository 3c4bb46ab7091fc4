package dev.nlulab.prompting.got.sorting;

import dev.nlulab.prompting.got.GraphOfOperations;
import dev.nlulab.prompting.got.Operation;
import dev.nlulab.prompting.got.Operations.Aggregate;
import dev.nlulab.prompting.got.Operations.Generate;
import dev.nlulab.prompting.got.Operations.GroundTruth;
import dev.nlulab.prompting.got.Operations.KeepBestN;
import dev.nlulab.prompting.got.Operations.Score;
import dev.nlulab.prompting.got.Operations.Selector;
import dev.nlulab.prompting.got.Operations.Transform;

import java.util.ArrayList;
import java.util.List;

/**
 * The sorting example's plans (the reference's sorting_032/064/128.py), for lists cut into chunks the course
 * model's sort-digits template covers: IO (sort at once), Tree of Thoughts (sample, keep the best, refine) and
 * Graph of Thoughts (split, sort each chunk several times keeping the best, merge pairs several times keeping
 * the best, refine keeping the best, the unrefined merge competing). Lower error scores are better throughout.
 */
public final class SortingPlans {
    /** Digits a chunk holds: inside the 4-7 digits of the task suite's sort-digits family. */
    public static final int CHUNK = 4;

    /** How many responses each step asks for. */
    public record Tries(int sort, int merge, int refine) {
        public Tries {
            if (sort < 1 || merge < 1 || refine < 0) throw new IllegalArgumentException("tries must be >= 1 (refine >= 0)");
        }
    }

    private SortingPlans() {
    }

    /** IO: one prompt sorts the whole list. */
    public static GraphOfOperations io() {
        GraphOfOperations g = new GraphOfOperations();
        g.append(new Generate(1));
        g.append(new Score(SortingErrors::of));
        g.append(new GroundTruth(SortingErrors::solved));
        return g;
    }

    /** Tree of Thoughts: {@code branches} sorts of the whole list, the best kept; then {@code levels} rounds of refining it the same way, the kept one competing. */
    public static GraphOfOperations tot(int branches, int levels) {
        GraphOfOperations g = new GraphOfOperations();
        g.append(new Generate(branches));
        g.append(new Score(SortingErrors::of));
        Operation best = g.append(new KeepBestN(1, false));
        for (int l = 0; l < levels; l++) best = refine(g, best, branches);
        g.append(new GroundTruth(SortingErrors::solved));
        return g;
    }

    /**
     * Graph of Thoughts for lists of {@code length} digits: split into chunks of {@value #CHUNK}, sort each, merge
     * pairs round by round (an odd one waits for the next round), refine each merge.
     */
    public static GraphOfOperations got(int length, Tries tries) {
        if (length < 2) throw new IllegalArgumentException("a list to sort needs at least 2 digits");
        GraphOfOperations g = new GraphOfOperations();
        Operation split = g.add(new Transform("Split", s -> SortingState.split(s, CHUNK)));
        List<Operation> kept = new ArrayList<>();
        for (int part = 1; part <= (length + CHUNK - 1) / CHUNK; part++) {
            String name = Integer.toString(part);
            Operation select = g.add(new Selector(ts -> ts.stream().filter(t -> t.get(SortingState.PART).equals(name)).toList()).after(split));
            Operation sort = g.add(new Generate(tries.sort()).after(select));
            Operation score = g.add(new Score(SortingErrors::of).after(sort));
            kept.add(g.add(new KeepBestN(1, false).after(score)));
        }
        while (kept.size() > 1) {
            List<Operation> next = new ArrayList<>();
            for (int i = 0; i + 1 < kept.size(); i += 2) next.add(merge(g, kept.get(i), kept.get(i + 1), tries));
            if (kept.size() % 2 == 1) next.add(kept.get(kept.size() - 1));
            kept = next;
        }
        g.add(new GroundTruth(SortingErrors::solved).after(kept.get(0)));
        return g;
    }

    private static Operation merge(GraphOfOperations g, Operation a, Operation b, Tries tries) {
        Operation aggregate = g.add(new Aggregate(tries.merge()).after(a, b));
        Operation score = g.add(new Score(SortingErrors::of).after(aggregate));
        Operation best = g.add(new KeepBestN(1, false).after(score));
        return tries.refine() == 0 ? best : refine(g, best, tries.refine());
    }

    /** Sort the kept candidate again {@code tries} times; score the new ones with the kept one and keep the best. */
    private static Operation refine(GraphOfOperations g, Operation best, int tries) {
        Operation again = g.add(new Generate(tries).after(best));
        Operation score = g.add(new Score(SortingErrors::of).after(again, best));
        return g.add(new KeepBestN(1, false).after(score));
    }
}

package dev.nlulab.prompting.got;

import dev.nlulab.prompting.LlmCall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** Graph of Thoughts' operations (the reference's operations.py), each a small class. */
public final class Operations {
    private Operations() {
    }

    /**
     * Generate: for each previous thought (or, at a root, one thought of the problem's parameters) one prompt
     * and {@code branches} sampled responses, each parsed into new thoughts over the thought it came from.
     */
    public static final class Generate extends Operation {
        private final int branches;

        public Generate(int branches) {
            if (branches < 1) throw new IllegalArgumentException("Generate needs at least one branch");
            this.branches = branches;
        }

        @Override
        public String type() {
            return "Generate";
        }

        @Override
        public List<Ask> asks(Problem p) {
            List<Ask> out = new ArrayList<>();
            List<Thought> base = previousOrRoot(p);
            for (int t = 0; t < base.size(); t++) {
                String prompt = p.prompter().generatePrompt(base.get(t).state());
                for (int b = 0; b < branches; b++) out.add(new Ask(prompt, t, b));
            }
            return out;
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            List<Thought> base = previousOrRoot(p), out = new ArrayList<>();
            for (int t = 0; t < base.size(); t++) {
                for (int b = 0; b < branches; b++) {
                    LlmCall call = answers.get(t * branches + b);
                    for (Map<String, String> update : p.parser().parseGenerate(base.get(t).state(), call.completion())) {
                        out.add(base.get(t).updated(update, call));
                    }
                }
            }
            return out;
        }
    }

    /**
     * Aggregate: all previous thoughts go into one prompt, asked {@code responses} times; each response is
     * parsed into one merged thought, over a state made of the previous states applied in ascending score order.
     */
    public static final class Aggregate extends Operation {
        private final int responses;

        public Aggregate(int responses) {
            if (responses < 1) throw new IllegalArgumentException("Aggregate needs at least one response");
            this.responses = responses;
        }

        @Override
        public String type() {
            return "Aggregate";
        }

        @Override
        public List<Ask> asks(Problem p) {
            List<Thought> prev = previous();
            if (prev.isEmpty()) return List.of();
            String prompt = p.prompter().aggregationPrompt(prev.stream().map(Thought::state).toList());
            List<Ask> out = new ArrayList<>();
            for (int b = 0; b < responses; b++) out.add(new Ask(prompt, 0, b));
            return out;
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            List<Thought> prev = previous();
            if (prev.isEmpty()) return List.of();
            Map<String, String> base = new LinkedHashMap<>();
            prev.stream().sorted(Comparator.comparingDouble(t -> t.scored() ? t.score() : 0)).forEach(t -> base.putAll(t.state()));
            List<Map<String, String>> states = prev.stream().map(Thought::state).toList();
            List<Thought> out = new ArrayList<>();
            for (LlmCall call : answers) out.add(Thought.of(base).updated(p.parser().parseAggregation(states, call.completion()), call));
            return out;
        }
    }

    /** Improve: for each previous thought one improve prompt and one response, merged into the thought. */
    public static final class Improve extends Operation {
        @Override
        public String type() {
            return "Improve";
        }

        @Override
        public List<Ask> asks(Problem p) {
            List<Thought> prev = previous();
            List<Ask> out = new ArrayList<>();
            for (int t = 0; t < prev.size(); t++) out.add(new Ask(p.prompter().improvePrompt(prev.get(t).state()), t, 0));
            return out;
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            List<Thought> prev = previous(), out = new ArrayList<>();
            for (int t = 0; t < prev.size(); t++) {
                out.add(prev.get(t).updated(p.parser().parseImprove(prev.get(t).state(), answers.get(t).completion()), answers.get(t)));
            }
            return out;
        }
    }

    /** Score: each previous thought, copied with the score the task's scoring function gives its state. */
    public static final class Score extends Operation {
        private final ToDoubleFunction<Map<String, String>> scoring;

        public Score(ToDoubleFunction<Map<String, String>> scoring) {
            this.scoring = scoring;
        }

        @Override
        public String type() {
            return "Score";
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            return previous().stream().map(t -> t.withScore(scoring.applyAsDouble(t.state()))).toList();
        }
    }

    /** KeepBestN: the n best scored thoughts (highest, or lowest when lower is better), ties in their order. */
    public static final class KeepBestN extends Operation {
        private final int n;
        private final boolean higherIsBetter;

        public KeepBestN(int n, boolean higherIsBetter) {
            this.n = n;
            this.higherIsBetter = higherIsBetter;
        }

        @Override
        public String type() {
            return "KeepBestN";
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            List<Thought> prev = previous();
            if (prev.stream().anyMatch(t -> !t.scored())) throw new IllegalStateException("KeepBestN needs every thought scored");
            Comparator<Thought> byScore = Comparator.comparingDouble(Thought::score);
            return prev.stream().sorted(higherIsBetter ? byScore.reversed() : byScore).limit(n).toList();
        }
    }

    /** GroundTruth: each previous thought, marked solved or not by the task's check (an exception counts as not). */
    public static final class GroundTruth extends Operation {
        private final Predicate<Map<String, String>> solved;

        public GroundTruth(Predicate<Map<String, String>> solved) {
            this.solved = solved;
        }

        @Override
        public String type() {
            return "GroundTruth";
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            return previous().stream().map(t -> {
                boolean ok;
                try {
                    ok = solved.test(t.state());
                } catch (RuntimeException e) {
                    ok = false;
                }
                return t.withSolved(ok);
            }).toList();
        }
    }

    /** Selector: the previous thoughts the function keeps (at a root: of one thought of the problem's parameters). */
    public static final class Selector extends Operation {
        private final Function<List<Thought>, List<Thought>> select;

        public Selector(Function<List<Thought>, List<Thought>> select) {
            this.select = select;
        }

        @Override
        public String type() {
            return "Selector";
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            return select.apply(previousOrRoot(p));
        }
    }

    /**
     * Transform: new thoughts computed from each previous one's state without the LLM (at a root: from the
     * problem's parameters). The course's sorting splits its list this way, where the reference asks the LLM.
     */
    public static final class Transform extends Operation {
        private final String name;
        private final Function<Map<String, String>, List<Map<String, String>>> transform;

        public Transform(String name, Function<Map<String, String>, List<Map<String, String>>> transform) {
            this.name = name;
            this.transform = transform;
        }

        @Override
        public String type() {
            return name;
        }

        @Override
        protected List<Thought> run(Problem p, List<LlmCall> answers) {
            List<Thought> out = new ArrayList<>();
            for (Thought t : previousOrRoot(p)) for (Map<String, String> update : transform.apply(t.state())) out.add(t.updated(update, null));
            return out;
        }
    }
}

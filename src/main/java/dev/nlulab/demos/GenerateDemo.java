package dev.nlulab.demos;

import dev.nlulab.ml.Generation;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.prompting.SharedModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code generate}: the course model continues a prompt token by token, and each new token comes with
 * the probability it had when it was chosen (softmax of the logits divided by the temperature; at
 * temperature 0, greedy, the plain softmax) and the three likeliest tokens at that step, from the logits
 * the decoding chose it by ({@link GenerationConfig#keepLogits}).
 */
final class GenerateDemo implements LiveDemo<GenerateDemo.Params> {
    static final int MAX_CHARS = 2000;
    static final int MAX_NEW_TOKENS = 64;
    static final double MAX_TEMPERATURE = 2.0;
    /** Likeliest tokens shown at each step. */
    static final int TOP = 3;

    record Params(String prompt, int maxTokens, double temperature) {}

    record Choice(String text, long id, double p) {}

    /** One new token: its text, id, probability, and the likeliest tokens at its step. */
    record Step(String text, long id, double p, List<Choice> top) {}

    record Answer(String prompt, int promptTokens, List<Step> steps, String text, String finishReason) {}

    private final SharedModel model;

    GenerateDemo(SharedModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public Params read(DemoInput input) {
        return new Params(input.text("prompt", MAX_CHARS), input.integer("max_tokens", 1, MAX_NEW_TOKENS, 16),
                input.number("temperature", 0, MAX_TEMPERATURE, 0));
    }

    @Override
    public boolean cacheable(Params p) {
        return p.temperature() == 0; // a sample should differ from the last one
    }

    @Override
    public Answer run(Params p) {
        return model.withModel((m, tokenizer) -> {
            long[] prompt = tokenizer.encodeWithBos(p.prompt());
            if (prompt.length + p.maxTokens() > m.config().maxPositionEmbeddings()) {
                throw new DemoInput.Invalid("prompt is " + prompt.length + " tokens; with " + p.maxTokens() + " new tokens it does not fit the model's "
                        + m.config().maxPositionEmbeddings() + "-token window");
            }
            GenerationConfig config = GenerationConfig.greedy(p.maxTokens()).withLogits(true);
            if (p.temperature() > 0) config = config.withSampling(p.temperature(), 1.0, System.nanoTime());
            Generation g = new Generator(m, tokenizer).generateIds(List.of(prompt), config).get(0);
            return new Answer(p.prompt(), prompt.length, steps(tokenizer, g.tokens(), g.stepLogits(), p.temperature()), g.text(), g.finishReason());
        });
    }

    /** Each new token with its probability and the three likeliest tokens, from the logits the decoding chose it by. */
    static List<Step> steps(Tokenizer tokenizer, long[] generated, float[][] logits, double temperature) {
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < generated.length; k++) {
            Softmax p = new Softmax(logits[k], temperature == 0 ? 1 : temperature);
            List<Choice> top = new ArrayList<>();
            for (int id : top(logits[k], TOP)) top.add(new Choice(piece(tokenizer, id), id, round(p.of(id))));
            long id = generated[k];
            steps.add(new Step(piece(tokenizer, id), id, round(p.of((int) id)), top));
        }
        return steps;
    }

    /** The ids of the k largest logits, largest first (ties: lower id first), by one pass over the vocabulary. */
    static int[] top(float[] logits, int k) {
        int[] best = new int[Math.min(k, logits.length)];
        int filled = 0;
        for (int i = 0; i < logits.length; i++) {
            if (filled == best.length && logits[i] <= logits[best[filled - 1]]) continue;
            int at = filled < best.length ? filled++ : filled - 1;
            while (at > 0 && logits[best[at - 1]] < logits[i]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }

    /** softmax(logits / temperature), each probability computed when asked for. */
    private static final class Softmax {
        private final float[] logits;
        private final double temperature;
        private final double max;
        private final double total;

        Softmax(float[] logits, double temperature) {
            this.logits = logits;
            this.temperature = temperature;
            double m = Double.NEGATIVE_INFINITY;
            for (float v : logits) m = Math.max(m, v);
            double t = 0;
            for (float v : logits) t += Math.exp((v - m) / temperature);
            this.max = m;
            this.total = t;
        }

        double of(int id) {
            return Math.exp((logits[id] - max) / temperature) / total;
        }
    }

    /** The text of one token; a piece of a character split over tokens shows as the replacement mark. */
    private static String piece(Tokenizer tokenizer, long id) {
        return tokenizer.decode(new long[] {id});
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}

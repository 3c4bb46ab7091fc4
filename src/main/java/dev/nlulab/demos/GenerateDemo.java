package dev.nlulab.demos;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Generation;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.prompting.SharedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code generate}: the course model continues a prompt token by token, and each new token comes with
 * the probability it had when it was chosen (softmax of the logits divided by the temperature; at
 * temperature 0, greedy, the plain softmax) and the three likeliest tokens at that step. The
 * probabilities come from one forward pass over prompt and continuation, which gives the logits the
 * cached decoding saw.
 */
final class GenerateDemo implements LiveDemo<GenerateDemo.Params> {
    static final int MAX_CHARS = 2000;
    static final int MAX_NEW_TOKENS = 64;
    static final double MAX_TEMPERATURE = 2.0;

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
            GenerationConfig config = GenerationConfig.greedy(p.maxTokens());
            if (p.temperature() > 0) config = config.withSampling(p.temperature(), 1.0, System.nanoTime());
            Generation g = new Generator(m, tokenizer).generateIds(List.of(prompt), config).get(0);
            return new Answer(p.prompt(), prompt.length, steps(m, tokenizer, prompt, g.tokens(), p.temperature()), g.text(), g.finishReason());
        });
    }

    private static List<Step> steps(LlamaModel m, Tokenizer tokenizer, long[] prompt, long[] generated, double temperature) {
        int n = generated.length;
        if (n == 0) return List.of();
        long[] all = Arrays.copyOf(prompt, prompt.length + n);
        System.arraycopy(generated, 0, all, prompt.length, n);
        int vocab = m.config().vocabSize();
        float[] logits; // (n, V): the logits that chose each new token
        try (NDManager scope = m.manager().newSubManager()) {
            m.tempAttach(scope);
            logits = m.forward(scope.create(new long[][] {all})).get("0, " + (prompt.length - 1) + ":" + (prompt.length - 1 + n) + ", :").toFloatArray();
        }
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double[] p = softmax(logits, k * vocab, vocab, temperature == 0 ? 1 : temperature);
            Integer[] order = new Integer[vocab];
            for (int i = 0; i < vocab; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
            List<Choice> top = new ArrayList<>();
            for (int i = 0; i < 3; i++) top.add(new Choice(piece(tokenizer, order[i]), order[i], round(p[order[i]])));
            long id = generated[k];
            steps.add(new Step(piece(tokenizer, id), id, round(p[(int) id]), top));
        }
        return steps;
    }

    private static double[] softmax(float[] logits, int offset, int vocab, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[vocab];
        double total = 0;
        for (int i = 0; i < vocab; i++) total += p[i] = Math.exp((logits[offset + i] - max) / temperature);
        for (int i = 0; i < vocab; i++) p[i] /= total;
        return p;
    }

    /** The text of one token; a piece of a character split over tokens shows as the replacement mark. */
    private static String piece(Tokenizer tokenizer, long id) {
        return tokenizer.decode(new long[] {id});
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}

package dev.nlulab.demos;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.prompting.SharedModel;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code attention}: the course model's attention weights on a text, every layer and head, so the page
 * switches layer and head without asking again. Row i of a head is how token i (the query) spreads its
 * attention over tokens 0..i; the beginning-of-sequence token comes first, as the model sees it.
 */
final class AttentionDemo implements LiveDemo<AttentionDemo.Params> {
    static final int MAX_CHARS = 300;
    static final int MAX_TOKENS = 48;
    static final String BOS = "<s>";

    record Params(String text) {}

    /** weights[layer][head][query][key], rounded to 4 decimals; keys after the query are 0 (the causal mask). */
    record Answer(List<String> tokens, int layers, int heads, float[][][][] weights) {}

    private final SharedModel model;

    AttentionDemo(SharedModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "attention";
    }

    @Override
    public Params read(DemoInput input) {
        return new Params(input.text("text", MAX_CHARS));
    }

    @Override
    public Answer run(Params p) {
        List<String> tokens = new ArrayList<>(List.of(BOS));
        tokens.addAll(List.of(model.tokenizer().tokens(p.text())));
        if (tokens.size() > MAX_TOKENS) {
            throw new DemoInput.Invalid("text is " + tokens.size() + " tokens with <s>; at most " + MAX_TOKENS + " fit the drawing");
        }
        return model.withModel((m, tokenizer) -> {
            long[] ids = tokenizer.encodeWithBos(p.text());
            LlamaConfig c = m.config();
            int layers = c.numHiddenLayers(), heads = c.numAttentionHeads(), t = ids.length;
            float[] flat;
            try (NDManager scope = m.manager().newSubManager()) {
                m.tempAttach(scope);
                flat = m.attentionWeights(scope.create(new long[][] {ids})).toFloatArray(); // (L, 1, H, T, T)
            }
            float[][][][] w = new float[layers][heads][t][t];
            int k = 0;
            for (int l = 0; l < layers; l++)
                for (int h = 0; h < heads; h++)
                    for (int i = 0; i < t; i++)
                        for (int j = 0; j < t; j++) w[l][h][i][j] = Math.round(flat[k++] * 1e4f) / 1e4f;
            return new Answer(tokens, layers, heads, w);
        });
    }
}

package dev.nlulab.ml;

/**
 * A dense float32 model's weights as Java arrays, for decode steps on arrays ({@link ArrayDecoder}).
 * Each projection is stored transposed, one array per input feature, {@code wT[k]} of length out, so a
 * matrix-vector product is element-wise multiply-adds {@code y[0..out) += x[k] * wT[k][0..out)}, which
 * C2 vectorizes (a float dot product it does not: reordering the sum would change its float value).
 * Separate arrays and not offsets into one: JDK 17's C2 leaves a loop over two arrays at unknown
 * offsets unvectorized (measured: ~1 against ~8 G multiply-adds per second).
 */
final class ArrayWeights {
    /** One block's weights; projections transposed, [in][out]. */
    record Layer(float[] inputNorm, float[][] q, float[][] k, float[][] v, float[][] o,
                 float[] postAttentionNorm, float[][] gate, float[][] up, float[][] down) {
    }

    final LlamaConfig config;
    final float[] embedding; // (V, D): a token's row is its input
    final Layer[] layers;
    final float[] norm;      // (D)
    final float[][] head;    // [D][V]: the LM head transposed (the embedding's transpose when tied)

    /** Whether every projection and the head are {@link DenseLinear} (float32): else the model decodes through DJL. */
    static boolean fits(LlamaModel model) {
        if (model.lmHead() != null && !(model.lmHead() instanceof DenseLinear)) return false;
        for (DecoderLayer layer : model.layers()) {
            for (Projection p : Projection.values()) if (!(layer.projection(p) instanceof DenseLinear)) return false;
        }
        return true;
    }

    /** Copies the weights of a model that {@link #fits}. */
    ArrayWeights(LlamaModel model) {
        config = model.config();
        int d = config.hiddenSize();
        int vocab = config.vocabSize();
        embedding = model.embedTokens().toFloatArray();
        layers = new Layer[model.layers().size()];
        for (int i = 0; i < layers.length; i++) {
            DecoderLayer l = model.layers().get(i);
            layers[i] = new Layer(l.inputNorm.weight.toFloatArray(), transposed(l, Projection.Q), transposed(l, Projection.K),
                    transposed(l, Projection.V), transposed(l, Projection.O), l.postAttentionNorm.weight.toFloatArray(),
                    transposed(l, Projection.GATE), transposed(l, Projection.UP), transposed(l, Projection.DOWN));
        }
        norm = model.norm().weight.toFloatArray();
        head = model.lmHead() == null ? transpose(embedding, vocab, d) : transpose(((DenseLinear) model.lmHead()).weight().toFloatArray(), vocab, d);
    }

    private static float[][] transposed(DecoderLayer layer, Projection p) {
        DenseLinear dense = (DenseLinear) layer.projection(p);
        return transpose(dense.weight().toFloatArray(), Math.toIntExact(dense.outFeatures()), Math.toIntExact(dense.inFeatures()));
    }

    /** (rows, cols) row-major -> [cols][rows]. */
    private static float[][] transpose(float[] a, int rows, int cols) {
        float[][] t = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[c][r] = a[r * cols + c];
        }
        return t;
    }
}

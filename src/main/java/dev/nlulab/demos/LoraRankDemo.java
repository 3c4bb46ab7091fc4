package dev.nlulab.demos;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nlulab.ml.DenseLinear;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.peft.LoraLinear;
import dev.nlulab.prompting.SharedModel;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lora-rank}: a LoRA of rank r and scale alpha on a real projection of the course model. What it
 * costs: r (d_in + d_out) trainable parameters, on this layer and on all of the model's projections. What
 * a rank-r matrix can hold: the share of the layer's squared Frobenius norm that its best rank-r
 * approximation keeps (its largest r singular values, Eckart-Young). And the size of the update
 * (alpha / r) B A after one Adam step: Adam moves each entry of B by about its learning rate, so B is
 * taken with entries of plus or minus {@value #LEARNING_RATE} in seeded random signs, A is LoRA's own
 * initialization; at a fixed alpha the update shrinks like 1 / sqrt(r).
 */
final class LoraRankDemo implements LiveDemo<LoraRankDemo.Params> {
    static final String DEFAULT_MODULE = "model.layers.0.self_attn.q_proj";
    static final int MAX_RANK = 256;
    static final double MAX_ALPHA = 512;
    static final float LEARNING_RATE = 2e-4f;
    static final long SEED = 1;

    record Params(String module, int rank, double alpha) {}

    record Answer(String module, int dIn, int dOut, int rank, double alpha, double scale, long layerParams, long loraParams,
                  long modelParams, long modelLoraParams, double[] singularValues, double energyKept,
                  double weightNorm, double updateNorm, int[] curveRanks, double[] curveUpdateNorm, List<String> modules) {}

    /** A projection's weight and singular values, read once. */
    private record Layer(int rows, int cols, float[] weight, double[] singular) {}

    private final SharedModel model;
    private final Map<String, Layer> layers = new ConcurrentHashMap<>();

    LoraRankDemo(SharedModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "lora-rank";
    }

    @Override
    public Params read(DemoInput input) {
        String module = input.choiceOrDefault("module", DEFAULT_MODULE);
        return new Params(module, input.integer("rank", 1, MAX_RANK, 8), input.number("alpha", 0.5, MAX_ALPHA, 16));
    }

    @Override
    public Answer run(Params p) {
        return model.withModel((m, tokenizer) -> {
            Map<String, Linear> linears = m.linears();
            Linear linear = linears.get(p.module());
            if (linear == null) {
                throw new DemoInput.Invalid("module must be one of the model's projections (" + String.join(", ", linears.keySet()) + "), not '" + p.module() + "'");
            }
            Layer layer = layers.computeIfAbsent(p.module(), k -> layer(m, linear));
            int maxRank = Math.min(layer.rows(), layer.cols());
            if (p.rank() > maxRank) throw new DemoInput.Invalid("rank must be at most " + maxRank + " for this " + layer.rows() + " x " + layer.cols() + " layer");
            long modelLora = 0;
            for (Linear l : linears.values()) modelLora += (long) p.rank() * (l.inFeatures() + l.outFeatures());
            long modelParams = m.tensors().values().stream().mapToLong(a -> a.getShape().size()).sum();
            double total = 0, kept = 0;
            for (int i = 0; i < layer.singular().length; i++) {
                double s2 = layer.singular()[i] * layer.singular()[i];
                total += s2;
                if (i < p.rank()) kept += s2;
            }
            List<Integer> ranks = new ArrayList<>();
            for (int r = 1; r <= maxRank; r *= 2) ranks.add(r);
            double[] curve = new double[ranks.size()];
            for (int i = 0; i < curve.length; i++) curve[i] = round(updateNorm(m, layer, ranks.get(i), p.alpha()));
            return new Answer(p.module(), layer.cols(), layer.rows(), p.rank(), p.alpha(), p.alpha() / p.rank(),
                    (long) layer.rows() * layer.cols(), (long) p.rank() * (layer.rows() + layer.cols()), modelParams, modelLora,
                    round(layer.singular()), round(kept / total), round(norm(layer.weight())), round(updateNorm(m, layer, p.rank(), p.alpha())),
                    ranks.stream().mapToInt(Integer::intValue).toArray(), curve, List.copyOf(linears.keySet()));
        });
    }

    private static Layer layer(LlamaModel m, Linear linear) {
        int rows = Math.toIntExact(linear.outFeatures()), cols = Math.toIntExact(linear.inFeatures());
        float[] w = linear.floatWeight(m.manager());
        double[][] matrix = new double[rows][cols];
        for (int o = 0; o < rows; o++) for (int i = 0; i < cols; i++) matrix[o][i] = w[o * cols + i];
        return new Layer(rows, cols, w, new SingularValueDecomposition(MatrixUtils.createRealMatrix(matrix)).getSingularValues());
    }

    /** ||(alpha / r) B A||_F with LoRA's A and B after one Adam-sized step of random signs. */
    private static double updateNorm(LlamaModel m, Layer layer, int rank, double alpha) {
        try (NDManager scope = m.manager().newSubManager()) {
            DenseLinear base = new DenseLinear(scope.create(layer.weight(), new Shape(layer.rows(), layer.cols())), false);
            LoraLinear lora = new LoraLinear(base, rank, (float) alpha, 0, scope, new Random(SEED));
            float[] step = new float[layer.rows() * rank];
            Random signs = new Random(SEED + rank);
            for (int i = 0; i < step.length; i++) step[i] = signs.nextBoolean() ? LEARNING_RATE : -LEARNING_RATE;
            lora.adapter().b().set(step);
            float[] merged = lora.mergedWeight(scope);
            double sq = 0;
            for (int i = 0; i < merged.length; i++) {
                double d = merged[i] - layer.weight()[i];
                sq += d * d;
            }
            return Math.sqrt(sq);
        }
    }

    private static double norm(float[] v) {
        double sq = 0;
        for (float x : v) sq += (double) x * x;
        return Math.sqrt(sq);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.round(v[i] * 1e4) / 1e4;
        return out;
    }
}

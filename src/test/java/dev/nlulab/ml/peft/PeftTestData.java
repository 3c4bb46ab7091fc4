package dev.nlulab.ml.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.nlulab.ml.DenseLinear;

import java.util.Random;

/** Seeded random layers and inputs for the PEFT tests. */
public final class PeftTestData {
    private PeftTestData() {
    }

    public static NDArray normal(NDManager m, long seed, double std, long... shape) {
        Random r = new Random(seed);
        float[] a = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * std);
        }
        return m.create(a, new Shape(shape));
    }

    public static DenseLinear dense(NDManager m, long seed, int out, int in) {
        return new DenseLinear(normal(m, seed, 0.1, out, in), true);
    }

    /** Gives an adapter non-zero A and B, as training would. */
    public static void randomize(Adapter adapter, long seed) {
        Random r = new Random(seed);
        for (NDArray p : java.util.List.of(adapter.a(), adapter.b())) {
            float[] v = new float[Math.toIntExact(p.getShape().size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * 0.2);
            }
            p.set(v);
        }
    }

    public static double maxAbsDiff(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        if (x.length != y.length) {
            throw new AssertionError("sizes differ: " + x.length + " vs " + y.length);
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    public static double maxAbs(NDArray a) {
        double max = 0;
        for (float v : a.toFloatArray()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}

package dev.nlulab.ml;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GradientCheckTest {
    static {
        TinyModels.init();
    }


    @Test
    void gradientsMatchFiniteDifferences() {
        checkGradients(false);
    }

    @Test
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() {
        checkGradients(true);
    }

    private void checkGradients(boolean collectGarbage) {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.random(TinyModels.config(), 7, root)) {
            // larger weights than the init so the gradients are far from zero
            for (NDArray w : model.trainable()) if (w.getShape().dimension() == 2) w.muli(10);
            long[][] ids = {{1, 5, 3, 8, 2, 7}, {4, 4, 9, 1, 12, 0}};
            float[][] mask = {{0, 0, 1, 1, 1, 1}, {0, 1, 1, 1, 1, 1}};
            Map<NDArray, float[]> analytic = new java.util.IdentityHashMap<>();
            try (NDManager step = root.newSubManager()) {
                model.tempAttach(step);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = loss(model, step, ids, mask);
                    if (collectGarbage) {
                        for (int i = 0; i < 5; i++) {
                            System.gc();
                            try (NDManager junk = root.newSubManager()) { // reuse freed native memory
                                for (int j = 0; j < 50; j++) junk.randomNormal(new Shape(64, 64)).mul(junk.create(3f));
                            }
                        }
                    }
                    gc.backward(loss);
                }
                for (NDArray w : model.trainable()) analytic.put(w, w.getGradient().toFloatArray());
            }
            int checked = 0;
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, NDArray> e : model.tensors().entrySet()) {
                NDArray w = e.getValue();
                float[] g = analytic.get(w);
                int i = argMaxAbs(g);
                double numeric = finiteDifference(model, root, ids, mask, w, i);
                double scale = Math.max(Math.abs(g[i]), Math.abs(numeric));
                if (Math.abs(g[i] - numeric) > 0.03 * scale + 1e-4) {
                    failures.add(e.getKey() + "[" + i + "]: autograd " + g[i] + " vs finite difference " + numeric);
                }
                checked++;
            }
            assertThat(checked).isEqualTo(model.tensors().size());
            assertThat(failures).isEmpty();
        }
    }

    private static NDArray loss(LlamaModel model, NDManager m, long[][] ids, float[][] mask) {
        NDArray input = m.create(ids);
        NDArray logits = model.forward(input.get(":, :-1"));
        return CausalLmLoss.mean(logits, input.get(":, 1:"), m.create(mask).get(":, 1:"));
    }

    private static double finiteDifference(LlamaModel model, NDManager root, long[][] ids, float[][] mask, NDArray w, int i) {
        float[] values = w.toFloatArray();
        float original = values[i];
        float h = 1e-2f;
        double[] losses = new double[2];
        for (int s = 0; s < 2; s++) {
            values[i] = original + (s == 0 ? h : -h);
            w.set(values);
            try (NDManager step = root.newSubManager()) {
                model.tempAttach(step);
                losses[s] = loss(model, step, ids, mask).getFloat();
            }
        }
        values[i] = original;
        w.set(values);
        return (losses[0] - losses[1]) / (2 * h);
    }

    private static int argMaxAbs(float[] g) {
        int best = 0;
        for (int i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[best])) best = i;
        return best;
    }
}

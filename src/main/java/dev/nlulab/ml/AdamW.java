package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): {@code p -= lr * (m_hat / (sqrt(v_hat) + eps)
 * + wd * p)}, decay on matrices only (not norms). Our own, because DJL's fused update zeroes the
 * gradients it reads (docs/djl-pitfalls.md #5). Moments live in the optimizer's manager.
 */
public final class AdamW implements AutoCloseable {
    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final List<NDArray> firstMoments = new ArrayList<>();  // m, one per parameter
    private final List<NDArray> secondMoments = new ArrayList<>(); // v, one per parameter
    private long updates;

    public AdamW(NDManager parent, double beta1, double beta2, double epsilon, double weightDecay) {
        this.manager = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /**
     * One update of {@code params} by {@code gradients}, outside autograd. The moments are attached to
     * {@code step} for the update so every temporary dies with it.
     */
    public void update(List<NDArray> params, List<NDArray> gradients, double learningRate, NDManager step) {
        if (firstMoments.isEmpty()) {
            for (NDArray p : params) {
                firstMoments.add(manager.zeros(p.getShape()));
                secondMoments.add(manager.zeros(p.getShape()));
            }
        }
        if (params.size() != firstMoments.size()) {
            throw new IllegalStateException("optimizer holds state for " + firstMoments.size()
                    + " arrays but got " + params.size() + " trainable arrays");
        }
        updates++;
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = 1 - Math.pow(beta2, updates);
        NDArray b1 = step.create((float) beta1);
        NDArray oneMinusB1 = step.create((float) (1 - beta1));
        NDArray b2 = step.create((float) beta2);
        NDArray oneMinusB2 = step.create((float) (1 - beta2));
        NDArray stepSize = step.create((float) (learningRate / correction1));
        NDArray rootCorrection2 = step.create((float) Math.sqrt(correction2));
        NDArray eps = step.create((float) epsilon);
        NDArray decay = step.create((float) (1 - learningRate * weightDecay));
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray g = gradients.get(i);
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            m.tempAttach(step);
            v.tempAttach(step);
            m.muli(b1).addi(g.mul(oneMinusB1));
            v.muli(b2).addi(g.square().mul(oneMinusB2));
            if (weightDecay > 0 && p.getShape().dimension() >= 2) p.muli(decay);
            p.subi(m.mul(stepSize).div(v.sqrt().div(rootCorrection2).add(eps)));
        }
    }

    public long updates() {
        return updates;
    }

    /** Moments and update count, for a checkpoint. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < firstMoments.size(); i++) {
            out.put("m." + i, firstMoments.get(i));
            out.put("v." + i, secondMoments.get(i));
        }
        return out;
    }

    /** Restores {@link #state()} written by a checkpoint for these params. */
    public void restore(Map<String, NDArray> state, List<NDArray> params, long updates, String source) {
        firstMoments.forEach(NDArray::close);
        secondMoments.forEach(NDArray::close);
        firstMoments.clear();
        secondMoments.clear();
        for (int i = 0; i < params.size(); i++) {
            for (String kind : new String[] {"m", "v"}) {
                NDArray a = state.get(kind + "." + i);
                if (a == null || !a.getShape().equals(params.get(i).getShape())) {
                    throw new IllegalArgumentException(source + ": optimizer tensor " + kind + "." + i + " is "
                            + (a == null ? "missing" : "of shape " + a.getShape()) + ", trainable array " + i
                            + " has shape " + params.get(i).getShape());
                }
                a.attach(manager);
                (kind.equals("m") ? firstMoments : secondMoments).add(a);
            }
        }
        this.updates = updates;
    }

    @Override
    public void close() {
        manager.close();
    }
}

package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Next-token cross-entropy counted only where the loss mask is 1 (answer tokens), so a prompt's
 * tokens shape the context but are never targets.
 */
public final class CausalLmLoss {
    private CausalLmLoss() {
    }

    /** Sum over masked positions of -log p(target). logits (B, T, V), targets (B, T) int64, mask (B, T). Returns a 0-d array. */
    public static NDArray sum(NDArray logits, NDArray targets, NDArray mask) {
        NDArray logProbs = logits.logSoftmax(2);                                    // (B, T, V)
        NDArray picked = logProbs.gather(targets.toType(DataType.INT64, false).expandDims(2), 2).squeeze(2); // (B, T)
        return picked.mul(mask.toType(DataType.FLOAT32, false)).sum().neg();
    }

    /** Mean over masked positions. */
    public static NDArray mean(NDArray logits, NDArray targets, NDArray mask) {
        return sum(logits, targets, mask).div(mask.toType(DataType.FLOAT32, false).sum());
    }
}

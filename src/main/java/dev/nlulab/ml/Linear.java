package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;
import java.util.Map;

/**
 * A linear map on the last axis, {@code y = x W^T}: the one place where quantization and PEFT plug
 * into the model. A dense layer, an INT-N or NF4 layer, and LoRA / QLoRA / QA-LoRA wrappers all
 * implement it, so the model never knows which one it runs.
 */
public interface Linear {
    /** x (..., inFeatures) -> (..., outFeatures). */
    NDArray forward(NDArray x);

    long inFeatures();

    long outFeatures();

    /**
     * The float weight W (out, in), row-major, whatever the layer stores. Any linear map gives it by
     * its forward of the identity, {@code I W^T = W^T}, computed in a scope of {@code manager}; dense
     * and quantized layers read it directly.
     */
    default float[] floatWeight(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray eye = scope.eye(Math.toIntExact(inFeatures()));  // (in, in)
            return forward(eye).transpose().toFloatArray();          // (in, out) -> (out, in)
        }
    }

    /** The arrays an optimizer updates; empty when the layer is frozen. */
    List<NDArray> trainable();

    /**
     * The tensors to save, named relative to the layer with Hugging Face / PEFT suffixes
     * ("weight", "lora_A.weight", "qweight", "scales", ...).
     */
    Map<String, NDArray> tensors();
}

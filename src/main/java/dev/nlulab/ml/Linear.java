package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;

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

    /** The arrays an optimizer updates; empty when the layer is frozen. */
    List<NDArray> trainable();

    /**
     * The tensors to save, named relative to the layer with Hugging Face / PEFT suffixes
     * ("weight", "lora_A.weight", "qweight", "scales", ...).
     */
    Map<String, NDArray> tensors();
}

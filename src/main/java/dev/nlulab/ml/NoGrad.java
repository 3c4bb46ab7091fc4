package dev.nlulab.ml;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A stretch of inference on the current thread with PyTorch's autograd off, like {@code torch.no_grad()}.
 * The model's weights require gradients (they are trained), and libtorch's grad mode is per thread and on
 * in every new thread (DJL turns it off only on the thread that starts the engine): without this, a
 * request thread's forward passes record a graph nobody reads back, which costs time and memory
 * (docs/djl-pitfalls.md #8). Closing restores the thread's previous mode, so a scope inside training is harmless.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean before;

    private NoGrad() {
        Engine.getInstance(); // loads libtorch before the first JNI call
        before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGrad open() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(before);
    }
}

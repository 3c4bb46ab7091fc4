package dev.nlulab.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Autograd off on a request thread: libtorch's grad mode is on in every new thread (an in-place edit of a
 * weight that requires gradients is refused there), off inside {@link NoGrad}, and back as it was after.
 */
class NoGradTest {
    static {
        TinyModels.init();
    }

    @Test
    void aNewThreadHasAutogradOnAndNoGradTurnsItOffUntilItCloses() throws Exception {
        AtomicReference<Object[]> seen = new AtomicReference<>();
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray weight = root.ones(new ai.djl.ndarray.types.Shape(2, 2));
            weight.setRequiresGradient(true);
            Thread request = new Thread(() -> {
                Throwable plain = catchThrowable(() -> weight.muli(2));
                boolean inside;
                try (NoGrad noGrad = NoGrad.open()) {
                    weight.muli(3); // allowed: nothing records it
                    inside = JniUtils.isGradMode();
                }
                seen.set(new Object[] {plain, inside, JniUtils.isGradMode()});
            });
            request.start();
            request.join();
            assertThat(weight.toFloatArray()).containsOnly(3f);
        }
        assertThat((Throwable) seen.get()[0]).isInstanceOf(EngineException.class).hasMessageContaining("requires grad");
        assertThat(seen.get()[1]).isEqualTo(false);
        assertThat(seen.get()[2]).as("the thread's own mode after the scope").isEqualTo(true);
    }

    @Test
    void theServedModelsWorkRunsWithoutAutogradOnARequestThread() throws Exception {
        AtomicReference<boolean[]> seen = new AtomicReference<>();
        try (NDManager root = NDManager.newBaseManager()) {
            LlamaModel model = LlamaModel.random(TinyModels.config(), 3, root);
            var service = new dev.nlulab.prompting.ModelService(model, null, dev.nlulab.prompting.ModelService.Limits.defaults());
            Thread request = new Thread(() -> {
                boolean during = service.withModel((m, tokenizer) -> JniUtils.isGradMode());
                seen.set(new boolean[] {during, JniUtils.isGradMode()});
            });
            request.start();
            request.join();
        }
        assertThat(seen.get()).as("off during the work, the thread's own mode after").containsExactly(false, true);
    }
}

package dev.nlulab.ml;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Inference off autograd: on a fresh thread (a server's request thread) a forward pass of a trainable
 * model records a graph, inside {@link NoGrad} it does not, and the thread's mode comes back after it.
 */
class NoGradTest {
    static {
        TinyModels.init();
    }

    @Test
    void aForwardPassOnANewThreadRecordsAutogradUnlessInsideNoGrad() throws Exception {
        AtomicReference<boolean[]> seen = new AtomicReference<>();
        try (NDManager root = NDManager.newBaseManager()) {
            LlamaModel model = LlamaModel.random(TinyModels.config(), 3, root);
            Thread request = new Thread(() -> {
                try (NDManager step = root.newSubManager()) {
                    model.tempAttach(step);
                    boolean plain = JniUtils.requiresGrad((PtNDArray) model.forward(step.create(TinyModels.IDS)));
                    boolean inside;
                    try (NoGrad noGrad = NoGrad.open()) {
                        inside = JniUtils.requiresGrad((PtNDArray) model.forward(step.create(TinyModels.IDS)));
                    }
                    boolean after = JniUtils.isGradMode();
                    seen.set(new boolean[] {plain, inside, after});
                }
            });
            request.start();
            request.join();
        }
        assertThat(seen.get()).as("recorded on a new thread, not inside NoGrad, mode restored after").containsExactly(true, false, true);
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

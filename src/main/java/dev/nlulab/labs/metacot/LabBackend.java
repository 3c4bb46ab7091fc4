package dev.nlulab.labs.metacot;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.ModelService;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The LLM a lab job prompts: the course model loaded in the job's own process (batches of 32, nobody else
 * in its line) on one PyTorch thread, with its own tokenizer counting prompt tokens.
 */
final class LabBackend implements AutoCloseable {
    /** Prompts per batch on the in-process model: 32 took 0.11 s a prompt where 16 took 0.18 (300-token prompts, 33 new tokens). */
    static final int BATCH = 32;
    /**
     * PyTorch threads of the job's model. On the shared 2-core machine two threads made a batch of 16 prompts
     * 5.7x slower than one (16.8 s against 2.9 s, load average 7): decoding is many small operations, and
     * two threads wait on each other whenever another process holds a core.
     */
    static final int THREADS = 1;

    private final AutoCloseable resource;
    private final Llm llm;

    private LabBackend(AutoCloseable resource, Llm llm) {
        this.resource = resource;
        this.llm = llm;
    }

    static LabBackend open(PromptingSpec.Backend backend, Path modelDir, double temperature, long seed) {
        Llm.Decoding decoding = new Llm.Decoding(temperature, seed, Llm.STOP_AT_NEXT_QUESTION);
        if (!backend.inProcess()) {
            throw new IllegalArgumentException("backend " + backend.url() + ": servers other than the course model are not supported yet");
        }
        if (modelDir == null) throw new IllegalStateException("the job was given no model folder (model_dir in spec.json)");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(THREADS)); // read when the engine starts, below
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(THREADS));
        ModelService service = ModelService.open(modelDir, new ModelService.Limits(256, 2, Duration.ofHours(1), BATCH));
        return new LabBackend(service, new Llm(service, decoding, service::promptTokens));
    }

    Llm llm() {
        return llm;
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}

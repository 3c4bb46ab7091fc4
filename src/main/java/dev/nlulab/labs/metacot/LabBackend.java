package dev.nlulab.labs.metacot;

import dev.nlulab.config.Settings;
import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmBackend;
import dev.nlulab.prompting.LlmBackends;
import dev.nlulab.prompting.ModelService;
import dev.nlulab.prompting.OpenAiHttpBackend;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The LLM a lab job prompts: the course model loaded in the job's own process (batches of 32, nobody else in its
 * line, one PyTorch thread, its own tokenizer counting prompt tokens); the platform's configured backend
 * ({@code llm.backend}: the same course model, or the department's OpenAI-compatible server with the key from the
 * settings, never from the spec); or a named OpenAI-compatible server that needs no key. The job's code is the
 * same for all three.
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
    static final ModelService.Limits LIMITS = new ModelService.Limits(256, 2, Duration.ofHours(1), BATCH);

    private final LlmBackend backend;
    private final Llm llm;

    private LabBackend(LlmBackend backend, Llm llm) {
        this.backend = backend;
        this.llm = llm;
    }

    static LabBackend open(PromptingSpec.Backend backend, Path modelDir, double temperature, long seed) {
        Llm.Decoding decoding = new Llm.Decoding(temperature, seed, Llm.STOP_AT_NEXT_QUESTION);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(THREADS)); // read when the engine starts
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(THREADS));
        LlmBackend b;
        if (backend.inProcess()) {
            if (modelDir == null) throw new IllegalStateException("the job was given no model folder (model_dir in spec.json)");
            b = ModelService.open(modelDir, LIMITS);
        } else if (backend.platform()) {
            b = LlmBackends.forJob(Settings.load(), modelDir, LIMITS);
        } else {
            b = new OpenAiHttpBackend(new OpenAiHttpBackend.Config(URI.create(backend.url()), "", backend.model(), Duration.ofSeconds(10),
                    Duration.ofSeconds(120), 3, Duration.ofMillis(500), Duration.ofSeconds(30), 4, null));
        }
        return new LabBackend(b, new Llm(b, decoding, b instanceof ModelService m ? m::promptTokens : Llm::estimatedTokens));
    }

    Llm llm() {
        return llm;
    }

    @Override
    public void close() throws Exception {
        backend.close();
    }
}

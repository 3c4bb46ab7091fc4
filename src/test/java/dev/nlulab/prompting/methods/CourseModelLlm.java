package dev.nlulab.prompting.methods;

import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.ModelService;

import java.nio.file.Path;
import java.time.Duration;

/** The shipped course model in process and the sentence encoder, each loaded once for the prompting tests; greedy, cut at the next "Q:". */
public final class CourseModelLlm {
    public static final Path DIR = Path.of("models/course-model");
    private static ModelService service;
    private static SentenceEncoder encoder;

    static {
        TinyModels.init(); // one PyTorch thread
    }

    private CourseModelLlm() {
    }

    public static synchronized ModelService service() {
        if (service == null) service = ModelService.open(DIR, new ModelService.Limits(256, 4, Duration.ofMinutes(5), 32));
        return service;
    }

    /** The sentence encoder (one thread), loaded once for the prompting tests; the JVM's exit frees it. */
    public static synchronized SentenceEncoder encoder() {
        if (encoder == null) encoder = SentenceEncoder.load(1);
        return encoder;
    }

    /** A fresh Llm (its own counts) over the shared model: greedy, the run's seed for the fallback. */
    public static Llm greedy() {
        return new Llm(service(), Llm.Decoding.greedy(1), service()::promptTokens);
    }
}

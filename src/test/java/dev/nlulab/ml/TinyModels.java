package dev.nlulab.ml;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.course.TokenizerInfo;
import dev.nlulab.ml.tokenizer.BpeTrainer;
import dev.nlulab.ml.tokenizer.TokenizerJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny Llama models every ML, prompting and demo test builds on: configs, seeded random models
 * and model folders as the commands and the server find them. They train and generate in milliseconds.
 */
public final class TinyModels {
    static {
        // Tiny models are bound by per-op overhead, and on a shared 2-core machine two OpenMP threads
        // spin against each other (10x slower here). Takes effect when the engine starts in this JVM.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
    }

    /** A question the folder's tokenizer ({@link #writeWithTokenizer}) was trained on. */
    public static final String PROMPT = "Q: A coin is heads up. Ann flips the coin. Is the coin still heads up?\nA:";

    /** Two rows of token ids for forward passes of {@link #config()} and {@link #groupable()} (vocab 13). */
    public static final long[][] IDS = {{1, 5, 3, 8, 2, 7, 11}, {4, 4, 9, 1, 12, 0, 6}};

    private TinyModels() {
    }

    /** Touching this class before the engine starts makes the tests single-threaded. */
    public static void init() {
    }

    /** d 16, 2 layers, 4 query heads sharing 2 key/value heads, ffn 24, vocab 13, untied head. */
    public static LlamaConfig config() {
        return LlamaConfig.of(16, 24, 2, 4, 2, 13, 64, false);
    }

    /** {@link #config()} with the head tied to the embedding. */
    public static LlamaConfig tied() {
        return LlamaConfig.of(16, 24, 2, 4, 2, 13, 64, true);
    }

    /**
     * d 32, 2 layers, 4 heads sharing 2 key/value heads, ffn 64, vocab 13, untied: every input width
     * divides by 16, so group-wise INT-N and QA-LoRA fit every projection.
     */
    public static LlamaConfig groupable() {
        return LlamaConfig.of(32, 64, 2, 4, 2, 13, 64, false);
    }

    /**
     * A random {@link #groupable()} model saved into {@code dir} with a placeholder tokenizer.json:
     * a base model for the quantize and merge-adapter commands, which only copy the tokenizer.
     */
    public static Path writeGroupable(Path dir, long seed) {
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = LlamaModel.random(groupable(), seed, root)) {
            model.save(dir);
            Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * A model folder as the server finds one: config.json, weights and a BPE tokenizer.json trained on
     * {@link #PROMPT}; d 64, 2 layers, a 1,024-token window. Returns {@code dir}.
     */
    public static Path writeWithTokenizer(Path dir) {
        Path tokenizer = dir.resolve("tokenizer.json");
        TokenizerJson.write(new BpeTrainer(300).addAll(List.of(PROMPT, "The answer is yes.", "Ann flips the coin.")).train(), tokenizer);
        TokenizerInfo info = TokenizerInfo.read(tokenizer);
        // The real eos id: an id outside what the random model samples would never stop it.
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.random(LlamaConfig.of(64, 128, 2, 2, 2, info.vocabSize(), 1024, true)
                     .withSpecialTokens(info.bos(), info.eos()), 7, root)) {
            model.save(dir);
        }
        return dir;
    }
}

package dev.nlulab.prompting;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.course.TokenizerInfo;
import dev.nlulab.ml.tokenizer.BpeTrainer;
import dev.nlulab.ml.tokenizer.TokenizerJson;
import java.nio.file.Path;
import java.util.List;

/** A tiny random Llama model folder (config.json, weights, a BPE tokenizer.json), as the server finds a real one. */
public final class TinyModel {
    public static final String PROMPT = "Q: A coin is heads up. Ann flips the coin. Is the coin still heads up?\nA:";

    private TinyModel() {
    }

    /** Writes the model into {@code dir} (d 64, 2 layers, a 1,024-token window) and returns it. */
    public static Path write(Path dir) {
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

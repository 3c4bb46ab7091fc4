package dev.nlulab.prompting.methods;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.TinyModels;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.Trainer;
import dev.nlulab.ml.TrainingConfig;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.course.TokenizerInfo;
import dev.nlulab.ml.tokenizer.BpeTrainer;
import dev.nlulab.ml.tokenizer.TokenizerJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real tiny Llama (d 64, 2 layers, its own BPE tokenizer) trained in a few seconds to continue a handful of
 * prompts with chosen completions: a model whose greedy answers a test knows, where the course model's are
 * whatever it happens to write. It runs through the same {@code ModelService} as the course model.
 */
final class TrainedTinyModel {
    static {
        TinyModels.init();
    }

    private TrainedTinyModel() {
    }

    /** Writes the trained model folder into {@code dir}; {@code completions} maps each prompt to what it must write. */
    static Path train(Path dir, Map<String, String> completions) {
        List<String> texts = new ArrayList<>();
        completions.forEach((p, c) -> texts.add(p + c));
        Path tokenizerFile = dir.resolve("tokenizer.json");
        TokenizerJson.write(new BpeTrainer(420).addAll(texts).train(), tokenizerFile);
        TokenizerInfo info = TokenizerInfo.read(tokenizerFile);
        LlamaConfig config = LlamaConfig.of(64, 128, 2, 2, 2, info.vocabSize(), 256, true).withSpecialTokens(info.bos(), info.eos());
        try (NDManager root = NDManager.newBaseManager(); LlamaModel model = LlamaModel.random(config, 7, root);
             Tokenizer tokenizer = Tokenizer.load(tokenizerFile, info.bos(), info.eos())) {
            List<TrainingExample> examples = new ArrayList<>();
            completions.forEach((p, c) -> {
                long[] answer = tokenizer.encode(c);
                long[] withEos = java.util.Arrays.copyOf(answer, answer.length + 1);
                withEos[answer.length] = info.eos();
                examples.add(new TrainingExample(tokenizer.encodeWithBos(p), withEos));
            });
            try (Trainer trainer = new Trainer(model, TrainingConfig.defaults(1e-2, 160, examples.size(), 256, 3))) {
                trainer.train(examples, null);
            }
            model.save(dir);
        }
        return dir;
    }
}

package dev.nlulab.cli;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.nlulab.ml.tokenizer.BpeTrainer;
import dev.nlulab.ml.tokenizer.TokenizerJson;
import dev.nlulab.tasks.PretrainingSet;
import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskFamily;
import dev.nlulab.tasks.TaskJson;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlulab model tokenizer}: trains the course model's BPE on the prose corpus and the task
 * export's in-distribution train splits, writes tokenizer.json, and counts tokens with the written file (via DJL).
 */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train the byte-level BPE tokenizer on the corpus and the task suite; write tokenizer.json.")
public final class TokenizerCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "prose corpus, one paragraph per line (from 'model corpus')")
    Path corpus;

    @Option(names = "--tasks", required = true, description = "task export directory (from 'tasks export')")
    Path tasks;

    @Option(names = "--vocab-size", defaultValue = "4096", description = "vocabulary size incl. 4 special tokens and 256 bytes (default ${DEFAULT-VALUE})")
    int vocabSize;

    @Option(names = "--out", required = true, description = "tokenizer.json to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<String> prose = Files.readAllLines(corpus, StandardCharsets.UTF_8);
        List<String> taskText = new ArrayList<>();
        // Only what pretraining sees: out-of-distribution and fine-tuning families stay unseen, vocabulary included.
        for (TaskFamily family : TaskSuite.pretraining()) {
            Path train = TaskExport.splitFile(tasks, family.id(), TaskSplits.TRAIN);
            if (!Files.isRegularFile(train)) throw new IllegalArgumentException("missing " + train + ": run 'nlulab tasks export' first");
            taskText.addAll(PretrainingSet.plainText(TaskJson.read(train)));
        }
        long start = System.nanoTime();
        BpeTrainer.Bpe bpe = new BpeTrainer(vocabSize).addAll(prose).addAll(taskText).train();
        TokenizerJson.write(bpe, out);
        System.out.printf("trained %d tokens (%d merges) in %.1f s; wrote %s%n", bpe.size(), bpe.merges().size(),
                (System.nanoTime() - start) / 1e9, out);
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(out, Map.of("truncation", "false"))) {
            System.out.printf("corpus: %d paragraphs, %d tokens; tasks: %d items, %d tokens%n",
                    prose.size(), count(tokenizer, prose), taskText.size(), count(tokenizer, taskText));
        }
        return 0;
    }

    private static long count(HuggingFaceTokenizer tokenizer, List<String> texts) {
        long tokens = 0;
        for (String text : texts) tokens += tokenizer.encode(text, false, false).getIds().length;
        return tokens;
    }
}

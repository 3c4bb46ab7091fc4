package dev.nlulab.tasks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The task part of the pretraining data: the train splits of the in-distribution families turned into
 * (prompt, answer) examples. Every item appears as a zero-shot-CoT example; every fourth also as a
 * one-shot example with a demonstration of the same family, so the model sees the demonstration
 * format Meta-CoT prompts with; every eighth also as a direct zero-shot example. Shuffled by the seed.
 */
public final class PretrainingSet {
    private PretrainingSet() {
    }

    /**
     * Examples from freshly generated splits. The dev and test sizes must be those of the evaluation
     * export with the same seed: test is drawn first, so the same sizes keep its questions out of train.
     */
    public static List<TextExample> examples(long seed, int perFamily, int devSize, int testSize) {
        List<TextExample> examples = new ArrayList<>();
        for (TaskFamily family : TaskSuite.pretraining()) {
            examples.addAll(examples(TaskSplits.generate(family, seed, perFamily, devSize, testSize).train()));
        }
        Collections.shuffle(examples, new Random(seed));
        return examples;
    }

    /** Examples from an export written by {@link TaskExport}: each in-distribution family's train.jsonl. */
    public static List<TextExample> fromExport(Path exportDir, long shuffleSeed) {
        List<TextExample> examples = new ArrayList<>();
        for (TaskFamily family : TaskSuite.pretraining()) {
            Path train = TaskExport.splitFile(exportDir, family.id(), TaskSplits.TRAIN);
            if (!Files.isRegularFile(train)) {
                throw new IllegalArgumentException("missing " + train + ": run 'nlulab tasks export' first");
            }
            examples.addAll(examples(TaskJson.read(train)));
        }
        Collections.shuffle(examples, new Random(shuffleSeed));
        return examples;
    }

    /** The examples made from one family's train items (the demonstration is the previous item). */
    public static List<TextExample> examples(List<TaskItem> train) {
        List<TextExample> examples = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            TaskItem item = train.get(i);
            examples.add(PromptFormats.cotExample(item));
            if (i % 4 == 3) examples.add(PromptFormats.fewShotExample(List.of(train.get(i - 1)), item));
            if (i % 8 == 7) examples.add(PromptFormats.directExample(item));
        }
        return examples;
    }

    /** Plain text for the tokenizer and for language-model pretraining: one demonstration per item. */
    public static List<String> plainText(List<TaskItem> items) {
        return items.stream().map(PromptFormats::demonstration).toList();
    }
}

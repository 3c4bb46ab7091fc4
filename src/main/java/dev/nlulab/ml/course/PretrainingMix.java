package dev.nlulab.ml.course;

import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.tasks.Demonstrations;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.TaskExport;
import dev.nlulab.tasks.TaskFamily;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskJson;
import dev.nlulab.tasks.TaskSplits;
import dev.nlulab.tasks.TaskSuite;
import dev.nlulab.tasks.TextExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The course model's pretraining data as token ids: the in-distribution train splits of a task export
 * in every format the labs prompt with, lines of arithmetic facts, and Austen prose with plain
 * language-model loss.
 *
 * <p>Per train item: a zero-shot-CoT example (repeated {@code weight} times for the families given a
 * weight, the hard ones); every sixth also few-shot with 1-3 demonstrations of its own scenario;
 * every twelfth few-shot with demonstrations of other scenarios (so a mismatched demonstration does not
 * derail it); every fourth a direct zero-shot answer. Task examples have loss on the rationales and
 * answers only (a few-shot example's demonstrations included), not on the questions. Test splits are
 * never read.
 */
public final class PretrainingMix {
    /**
     * Families the small model gets wrong most (several steps, option letters) are seen twice as often,
     * Last Letters (copying each word of the question) three times; Coin Flip, learned early, once.
     */
    public static final Map<String, Integer> HARD_FAMILIES = Map.of("gsm8k", 2, "multiarith", 2, "aqua", 2, "lastletters", 3);

    /** Equations per drill line: about 70 tokens. */
    static final int DRILL_EQUATIONS = 8;

    private final Tokenizer tokenizer;
    private final int maxLength;
    private final long seed;

    /** What the mix holds, for the log and the model card. */
    public record Counts(Map<String, Integer> perFamily, int fewShot, int direct, int drills, int prose, long tokens) {
        public int total() {
            return perFamily.values().stream().mapToInt(Integer::intValue).sum() + drills + prose;
        }
    }

    private final List<TrainingExample> examples = new ArrayList<>();
    private final Map<String, Integer> perFamily = new LinkedHashMap<>();
    private int fewShot, direct, drills, prose;
    private long tokens;

    public PretrainingMix(Tokenizer tokenizer, int maxLength, long seed) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.seed = seed;
    }

    /** Adds the task examples of every in-distribution family's train.jsonl in the export. */
    public PretrainingMix addTasks(Path exportDir, Map<String, Integer> weights) {
        Map<String, List<TaskItem>> train = new LinkedHashMap<>();
        for (TaskFamily family : TaskSuite.pretraining()) {
            Path file = TaskExport.splitFile(exportDir, family.id(), TaskSplits.TRAIN);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("missing " + file + ": run bin/course-data (or 'nlulab tasks export') first");
            }
            train.put(family.id(), TaskJson.read(file));
        }
        List<TaskItem> pool = train.values().stream().flatMap(List::stream).toList();
        Random random = new Random(seed);
        for (var entry : train.entrySet()) {
            int weight = weights.getOrDefault(entry.getKey(), 1);
            List<TaskItem> items = entry.getValue();
            for (int i = 0; i < items.size(); i++) {
                TaskItem item = items.get(i);
                for (int w = 0; w < weight; w++) add(entry.getKey(), PromptFormats.cotExample(item));
                if (i % 6 == 5) {
                    int k = 1 + random.nextInt(3);
                    List<TaskItem> demos = Demonstrations.sameScenario(pool, item.scenario(), k + 1, random).stream()
                            .filter(d -> !d.id().equals(item.id())).limit(k).toList();
                    fewShot += addFewShot(item, demos);
                }
                if (i % 12 == 11) {
                    fewShot += addFewShot(item, Demonstrations.otherScenarios(pool, item.scenario(), 1 + random.nextInt(2), random));
                }
                if (i % 4 == 3) {
                    add(entry.getKey(), PromptFormats.directExample(item));
                    direct++;
                }
            }
        }
        return this;
    }

    /** Adds lines of arithmetic facts ({@link ArithmeticDrills}) until they are {@code share} of all examples. */
    public PretrainingMix addDrills(double share) {
        ArithmeticDrills facts = new ArithmeticDrills(seed);
        int wanted = (int) Math.round(examples.size() * share / (1 - share));
        for (int i = 0; i < wanted; i++) {
            TrainingExample line = TrainingExample.ofParts(tokenizer, facts.line(DRILL_EQUATIONS));
            examples.add(line);
            tokens += line.length();
            drills++;
        }
        return this;
    }

    /**
     * Adds prose chunks of about {@code maxLength} tokens (paragraphs joined by blank lines) until they
     * are {@code share} of all examples; the whole text is the target (bos, then the prose).
     */
    public PretrainingMix addProse(Path corpus, double share) {
        if (share <= 0) return this;
        if (!Files.isRegularFile(corpus)) {
            throw new IllegalArgumentException("missing " + corpus + ": run bin/course-data (or 'nlulab model corpus') first");
        }
        List<String> paragraphs;
        try {
            paragraphs = Files.readAllLines(corpus).stream().filter(l -> !l.isBlank()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + corpus + ": " + e.getMessage(), e);
        }
        int wanted = (int) Math.round(examples.size() * share / (1 - share));
        int start = paragraphs.isEmpty() ? 0 : new Random(seed).nextInt(paragraphs.size());
        StringBuilder chunk = new StringBuilder();
        int chunkTokens = 0;
        for (int n = 0; n < paragraphs.size() && prose < wanted; n++) {
            String paragraph = paragraphs.get((start + n) % paragraphs.size());
            if (chunk.length() > 0) chunk.append("\n\n");
            chunk.append(paragraph);
            chunkTokens += tokenizer.encode(paragraph).length + 1;
            if (chunkTokens >= maxLength - 1) {
                addProseChunk(chunk.toString());
                chunk.setLength(0);
                chunkTokens = 0;
            }
        }
        if (chunk.length() > 0 && prose < wanted) addProseChunk(chunk.toString());
        return this;
    }

    /** The examples, shuffled by the seed. */
    public List<TrainingExample> examples() {
        List<TrainingExample> out = new ArrayList<>(examples);
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    public Counts counts() {
        return new Counts(Map.copyOf(perFamily), fewShot, direct, drills, prose, tokens);
    }

    private void addProseChunk(String text) {
        long[] ids = tokenizer.encode(text);
        long[] answer = java.util.Arrays.copyOf(ids, Math.min(ids.length, maxLength - 1));
        examples.add(new TrainingExample(new long[] {tokenizer.bos()}, answer));
        tokens += answer.length + 1;
        prose++;
    }

    /** Few-shot with as many of the demonstrations as fit in maxLength (dropping from the front); 1 if added. */
    private int addFewShot(TaskItem item, List<TaskItem> demos) {
        List<TaskItem> kept = new ArrayList<>(demos);
        while (!kept.isEmpty()) {
            TrainingExample example = fewShotExample(kept, item);
            if (example.length() <= maxLength + 1) {
                count(item.family(), example);
                return 1;
            }
            kept.remove(0);
        }
        return 0;
    }

    /**
     * The text of {@link PromptFormats#fewShotCot} followed by the item's solution, with loss on every
     * worked solution, the demonstrations' too: each is an answer given the ones before it.
     */
    TrainingExample fewShotExample(List<TaskItem> demos, TaskItem item) {
        List<TrainingExample.Part> parts = new ArrayList<>();
        String separator = "";
        for (TaskItem demo : demos) {
            parts.add(new TrainingExample.Part(separator + PromptFormats.question(demo), false));
            parts.add(new TrainingExample.Part(" " + demo.solution(), true));
            separator = PromptFormats.DEMO_SEPARATOR;
        }
        parts.add(new TrainingExample.Part(separator + PromptFormats.question(item), false));
        parts.add(new TrainingExample.Part(" " + item.solution(), true));
        return TrainingExample.ofParts(tokenizer, parts);
    }

    private void add(String family, TextExample text) {
        TrainingExample example = encode(text);
        if (example.length() <= maxLength + 1) count(family, example); // longer ones would lose their answer
    }

    private void count(String family, TrainingExample example) {
        examples.add(example);
        perFamily.merge(family, 1, Integer::sum);
        tokens += example.length();
    }

    private TrainingExample encode(TextExample text) {
        return TrainingExample.of(tokenizer, text.prompt(), text.answer());
    }
}

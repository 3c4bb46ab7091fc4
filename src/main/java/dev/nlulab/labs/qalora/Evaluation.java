package dev.nlulab.labs.qalora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.labs.qalora.FineTuneSpec.AnswerFormat;
import dev.nlulab.ml.Batch;
import dev.nlulab.ml.CausalLmLoss;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.tasks.TaskItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a model in the lab does on dev and test: answers (greedy), accuracy by family, loss, raw logits. */
final class Evaluation {
    /** Prompts generated together: the batch that was fastest for the course model on one thread. */
    static final int GENERATION_BATCH = 50;

    private Evaluation() {}

    /** Share of items answered exactly right, over all items and by family (in the items' order). */
    record Accuracy(double all, Map<String, Double> byFamily, int items) {}

    /** The model's normalized answer to each question ({@link Prompts#read}). */
    static List<String> answers(LlamaModel model, Tokenizer tokenizer, AnswerFormat format, List<String> questions) {
        Generator generator = new Generator(model, tokenizer);
        GenerationConfig config = GenerationConfig.greedy(Prompts.maxNewTokens(format)).withStops(Prompts.STOPS);
        List<String> out = new ArrayList<>(questions.size());
        for (int from = 0; from < questions.size(); from += GENERATION_BATCH) {
            List<String> prompts = questions.subList(from, Math.min(questions.size(), from + GENERATION_BATCH)).stream()
                    .map(q -> Prompts.prompt(format, q)).toList();
            generator.generate(prompts, config).forEach(g -> out.add(Prompts.read(g.text())));
        }
        return out;
    }

    static Accuracy accuracy(LlamaModel model, Tokenizer tokenizer, AnswerFormat format, List<TaskItem> items) {
        List<String> answers = answers(model, tokenizer, format, items.stream().map(TaskItem::question).toList());
        Map<String, int[]> counts = new LinkedHashMap<>(); // family -> {right, all}
        int right = 0;
        for (int i = 0; i < items.size(); i++) {
            boolean ok = answers.get(i).equals(items.get(i).answer());
            int[] c = counts.computeIfAbsent(items.get(i).family(), f -> new int[2]);
            c[0] += ok ? 1 : 0;
            c[1]++;
            right += ok ? 1 : 0;
        }
        Map<String, Double> byFamily = new LinkedHashMap<>();
        counts.forEach((f, c) -> byFamily.put(f, c[0] / (double) c[1]));
        return new Accuracy(items.isEmpty() ? 0 : right / (double) items.size(), byFamily, items.size());
    }

    /** Mean loss per answer token over the examples, without gradients. */
    static double loss(LlamaModel model, List<TrainingExample> examples, int batchSize) {
        double sum = 0;
        long targets = 0;
        synchronized (model) {
            for (int from = 0; from < examples.size(); from += batchSize) {
                Batch b = Batch.of(examples.subList(from, Math.min(examples.size(), from + batchSize)),
                        model.config().eosTokenId(), FineTuneSpec.MAX_LENGTH);
                try (NDManager scope = model.manager().newSubManager()) {
                    model.tempAttach(scope);
                    NDArray logits = model.forward(scope.create(b.inputs()));
                    sum += CausalLmLoss.sum(logits, scope.create(b.targets()), scope.create(b.lossMask())).getFloat();
                }
                targets += b.targetCount();
            }
        }
        return targets == 0 ? Double.NaN : sum / targets;
    }

    /** Every logit of the model for each prompt (bos + prompt), one flat array: what the merge check compares. */
    static float[] logits(LlamaModel model, Tokenizer tokenizer, List<String> prompts) {
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        synchronized (model) {
            for (String p : prompts) {
                try (NDManager scope = model.manager().newSubManager()) {
                    model.tempAttach(scope);
                    float[] l = model.forward(scope.create(new long[][] {tokenizer.encodeWithBos(p)})).toFloatArray();
                    parts.add(l);
                    total += l.length;
                }
            }
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static double maxAbsDifference(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("logits differ in length: " + a.length + " and " + b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }
}

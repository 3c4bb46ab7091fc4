package dev.nlulab.ml.course;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.tasks.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the course model's card, {@code README.md} in the model folder, from its config.json, its
 * training-log.jsonl (drawn as loss-curve.svg) and an {@link EvalReport}: what it was trained on, its
 * size and training, the per-family table, and where it falls short.
 */
public final class ModelCard {
    public static final String FILE = "README.md", CURVE = "loss-curve.svg", TRAINING_SUMMARY = "training.json";

    /** The card's section on the chat template that tokenizer_config.json carries ({@link CourseTokenizerConfig}). */
    static final String CHAT = "## Chat\n\n"
            + "`" + CourseTokenizerConfig.FILE + "` carries a chat template (its `chat_template`, in Jinja, as Hugging Face "
            + "models carry one) that writes a conversation in the \"Q: ... A: ...\" form the model was trained on: a system "
            + "message is a paragraph of its own, a user turn is the line `Q: <text>`, an assistant turn the line `A: <text>` "
            + "closed by a blank line, and the prompt ends with `A:` for the model to continue. The bos token is not in the "
            + "template: the tokenizer's caller puts it first. The model never saw a dialogue: a chat works as well as its "
            + "question would in the task format, and a reply ends at the end-of-sequence token or at the blank line that "
            + "closes a turn. NLU Lab's `/v1/chat/completions` renders the template (see `docs/openai-api.md`).\n\n";

    private ModelCard() {
    }

    /** Writes README.md (and loss-curve.svg when there is a training log); returns the README's path. */
    public static Path write(Path modelDir, EvalReport report) {
        LlamaConfig config = LlamaConfig.read(modelDir.resolve("config.json"));
        Path log = modelDir.resolve(TrainingLog.FILE);
        List<TrainingLog.Point> points = Files.isRegularFile(log) ? TrainingLog.read(log) : List.of();
        try {
            Path summaryFile = modelDir.resolve(TRAINING_SUMMARY);
            JsonNode summary = Files.isRegularFile(summaryFile) ? new ObjectMapper().readTree(summaryFile.toFile())
                    : new ObjectMapper().createObjectNode();
            if (!points.isEmpty()) Files.writeString(modelDir.resolve(CURVE), LossCurveSvg.draw(points));
            Path readme = modelDir.resolve(FILE);
            Files.writeString(readme, markdown(config, points, summary, report));
            return readme;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model card in " + modelDir + ": " + e.getMessage(), e);
        }
    }

    static String markdown(LlamaConfig config, List<TrainingLog.Point> points, JsonNode summary, EvalReport report) {
        StringBuilder sb = new StringBuilder("# The NLU Lab course model\n\n");
        sb.append("A small Llama-architecture model that NLU Lab pretrains itself from scratch, on two CPU cores, so that ")
                .append("lessons have a live model, labs have a model to prompt and fine-tune, and tests have a real checkpoint. ")
                .append("It is a teaching instrument, not a general assistant. Build it with the commands in `docs/course-model.md`.\n\n");
        sb.append("## Size\n\n");
        sb.append(String.format(Locale.ROOT, "%,d parameters: hidden size %d, %d layers, %d attention heads (%d key/value), "
                        + "SwiGLU MLP of %d, vocabulary %d (byte-level BPE trained on the same data), %s embeddings, rotary positions.\n\n",
                config.parameterCount(), config.hiddenSize(), config.numHiddenLayers(), config.numAttentionHeads(),
                config.numKeyValueHeads(), config.intermediateSize(), config.vocabSize(),
                config.tieWordEmbeddings() ? "tied" : "untied"));
        sb.append("## Data\n\n");
        sb.append("- The train splits of the ten in-distribution task families of `dev.nlulab.tasks` (AddSub, MultiArith, ")
                .append("SingleEq, SVAMP, GSM8K, AQuA, CommonsenseQA, StrategyQA, Last Letters, Coin Flip look-alikes), each item as ")
                .append("a zero-shot-CoT example, some as few-shot examples with demonstrations of the same or of other scenarios, ")
                .append("some as direct zero-shot answers. Loss on the rationales and answers only (few-shot demonstrations' too).\n")
                .append("- Lines of arithmetic facts (\"45 + 15 = 60. 7 * 8 = 56.\") with the operations and operand sizes the ")
                .append("arithmetic rationales use, loss on the results only")
                .append(summary.has("drill_lines") ? String.format(Locale.ROOT, " (%.0f%% of the examples)",
                        100.0 * summary.path("drill_lines").asInt() / Math.max(1, summary.get("examples").asInt())) : "")
                .append(".\n")
                .append("- Jane Austen's six novels (Debian `r-cran-janeaustenr`, public domain), in chunks")
                .append(summary.has("examples") ? String.format(Locale.ROOT, " (%.0f%% of the examples)",
                        100.0 * summary.path("prose_chunks").asInt() / Math.max(1, summary.get("examples").asInt())) : "")
                .append(", with plain language-model loss.\n")
                .append("- Never the dev or test splits (the export draws test first and removes duplicates), and never the ")
                .append("out-of-distribution (ASDiv, weekdays) or fine-tuning (reverse, sort digits) families.\n");
        if (summary.has("examples")) {
            sb.append(String.format(Locale.ROOT, "- In all %,d examples (%,d few-shot, %,d direct, %,d drill lines, %,d prose chunks), %.2fM tokens "
                            + "per epoch, sequences of at most %d tokens; family weights %s.%n",
                    summary.get("examples").asInt(), summary.path("few_shot").asInt(), summary.path("direct").asInt(),
                    summary.path("drill_lines").asInt(), summary.path("prose_chunks").asInt(), summary.path("tokens_per_epoch").asLong() / 1e6,
                    summary.path("max_length").asInt(), summary.path("family_weights")));
        }
        sb.append('\n');
        sb.append("## Training\n\n");
        if (points.isEmpty()) {
            sb.append("No training log was found next to the model.\n\n");
        } else {
            TrainingLog.Point last = points.get(points.size() - 1);
            double first = points.get(0).loss();
            double tail = TrainingLog.medianLoss(points.subList(Math.max(0, points.size() - 200), points.size()));
            double peak = points.stream().mapToDouble(TrainingLog.Point::learningRate).max().orElse(0);
            sb.append(String.format(Locale.ROOT, "%,d optimizer steps%s: AdamW, learning rate warming up to %.1e then a cosine "
                    + "decay, global-norm clipping at 1.0. Loss %.3f at the first step, median %.3f over the last 200 steps.\n\n",
                    last.step(), summary.has("batch_tokens") ? String.format(Locale.ROOT, " of %,d padded tokens",
                            summary.get("batch_tokens").asInt()) : "", peak, first, tail));
            sb.append("![Training loss by step](").append(CURVE).append(")\n\n");
        }
        sb.append("## Evaluation\n\n");
        sb.append("Exact match on each family's test split, greedy decoding, the answer extracted by the question's form ")
                .append("(Meta-CoT's answer cleansing). Few-shot-CoT prompts carry demonstrations of the question's own scenario ")
                .append("from the pretrained families' train splits.\n\n");
        int n = report.families().stream().mapToInt(EvalReport.FamilyResult::n).max().orElse(0);
        sb.append("Up to ").append(n).append(" test items per family.\n\n");
        sb.append(report.markdown()).append('\n');
        sb.append(CHAT);
        sb.append("## Limits\n\n");
        for (String limit : limits(report)) sb.append("- ").append(limit).append('\n');
        return sb.toString();
    }

    /** What a student should know before trusting an answer, read from the figures. */
    static List<String> limits(EvalReport report) {
        List<String> out = new java.util.ArrayList<>();
        List<String> guessing = report.families().stream().filter(f -> f.inDistribution() && nearGuessing(f))
                .map(f -> f.family() + " " + EvalReport.percent(f.best()) + " (guessing: " + EvalReport.percent(guessRate(f)) + ")").toList();
        if (!guessing.isEmpty()) {
            out.add("Families it answers no better than guessing, even with the best prompting: " + String.join(", ", guessing) + ".");
        }
        List<String> weak = report.families().stream().filter(f -> f.inDistribution() && !nearGuessing(f) && f.best() < 0.5)
                .map(f -> f.family() + " (" + EvalReport.percent(f.best()) + ")").toList();
        if (!weak.isEmpty()) out.add("Families it mostly gets wrong even with the best prompting: " + String.join(", ", weak) + ".");
        List<String> unseen = report.families().stream().filter(f -> !f.inDistribution())
                .map(f -> f.family() + " " + EvalReport.percent(f.best())).toList();
        if (!unseen.isEmpty()) {
            out.add("Families it never trained on (out-of-distribution and fine-tuning): " + String.join(", ", unseen)
                    + ". These are what the prompting and QA-LoRA labs try to improve.");
        }
        for (EvalReport.Target t : report.targets()) {
            if (!t.met()) out.add("Misses the target \"" + t.name() + "\": measured " + t.value() + ".");
        }
        out.add("It knows only the templates of the task suite and Austen's English: outside them it writes fluent nonsense.");
        out.add("Its context is short: it was trained on sequences of at most a few hundred tokens, so long few-shot prompts degrade.");
        return out;
    }

    /** Within 10 points of what picking an answer at random scores. */
    static boolean nearGuessing(EvalReport.FamilyResult f) {
        double guess = guessRate(f);
        return guess > 0 && f.best() < guess + 0.1;
    }

    /** What a random pick scores: one of the suite's five options (A-E), or yes/no; nothing for a short answer. */
    static double guessRate(EvalReport.FamilyResult f) {
        return switch (Scenario.parse(f.scenario()).form()) {
            case MULTIPLE_CHOICE -> 0.2;
            case YES_NO -> 0.5;
            case SHORT_ANSWER -> 0;
        };
    }
}

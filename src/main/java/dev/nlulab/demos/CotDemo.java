package dev.nlulab.demos;

import dev.nlulab.ml.Generation;
import dev.nlulab.ml.GenerationConfig;
import dev.nlulab.ml.Generator;
import dev.nlulab.ml.course.CourseEval;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.PromptFormats;
import dev.nlulab.tasks.Scenario;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskSuite;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code cot}: one question through Zero-Shot ("Q: ...\nA: The answer is"), Zero-Shot-CoT ("Q: ...\nA:"
 * and the trigger) and Few-Shot-CoT (two worked demonstrations of a task family first, then "Q: ...\nA:"),
 * in the course's prompt formats, greedily on the course model, each answer extracted by the family's
 * answer form as the course's evaluation does ({@link AnswerExtractor}). The family says which task the
 * question is like: where its demonstrations come from (the first two of its train split) and how its
 * answer is read.
 */
final class CotDemo implements LiveDemo<CotDemo.Params> {
    static final int MAX_QUESTION_CHARS = 600;
    static final int MAX_TRIGGER_CHARS = 100;
    static final int MIN_TOKENS = 16;
    static final int MAX_TOKENS = 160;
    /** New tokens for a direct answer. */
    static final int ANSWER_TOKENS = 16;
    static final String DEFAULT_FAMILY = "multiarith";

    record Params(String question, String family, String trigger, int maxTokens) {}

    /** One way of prompting: the exact prompt, what the model wrote, the answer read from it ("" when none). */
    record Method(String method, String prompt, String completion, String answer) {}

    record Answer(String family, String scenario, List<Method> methods) {}

    private final SharedModel model;

    CotDemo(SharedModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "cot";
    }

    @Override
    public Params read(DemoInput input) {
        return new Params(input.text("question", MAX_QUESTION_CHARS).strip(), input.choice("family", ExamplePrompts.FAMILIES, DEFAULT_FAMILY),
                input.has("trigger") ? input.text("trigger", MAX_TRIGGER_CHARS).strip() : PromptFormats.COT_TRIGGER,
                input.integer("max_tokens", MIN_TOKENS, MAX_TOKENS, 96));
    }

    @Override
    public Answer run(Params p) {
        Scenario scenario = TaskSuite.family(p.family()).scenario();
        List<TaskItem> demos = ExamplePrompts.devSplits(p.family()).train();
        String asked = "Q: " + p.question() + "\nA:";
        StringBuilder fewShot = new StringBuilder();
        for (TaskItem d : demos) fewShot.append(PromptFormats.demonstration(d)).append(PromptFormats.DEMO_SEPARATOR);
        List<String> labels = List.of("Zero-Shot", "Zero-Shot-CoT", "Few-Shot-CoT");
        List<String> prompts = List.of(asked + " " + PromptFormats.ANSWER_TRIGGER, asked + " " + p.trigger(), fewShot + asked);
        List<Generation> out = model.withModel((m, tokenizer) -> {
            Generator generator = new Generator(m, tokenizer);
            List<Generation> all = new ArrayList<>(generator.generate(prompts.subList(0, 1),
                    GenerationConfig.greedy(ANSWER_TOKENS).withStops(CourseEval.STOPS)));
            all.addAll(generator.generate(prompts.subList(1, 3), GenerationConfig.greedy(p.maxTokens()).withStops(CourseEval.STOPS)));
            return all;
        });
        List<Method> methods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String completion = out.get(i).text();
            // Zero-Shot's prompt ends with the trigger the extractor splits on: read it with its completion
            String read = i == 0 ? PromptFormats.ANSWER_TRIGGER + completion : completion;
            methods.add(new Method(labels.get(i), prompts.get(i), completion, AnswerExtractor.extract(scenario, read)));
        }
        return new Answer(p.family(), scenario.label(), methods);
    }
}

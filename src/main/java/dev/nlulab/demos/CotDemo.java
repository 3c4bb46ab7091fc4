package dev.nlulab.demos;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.prompting.SharedModel;
import dev.nlulab.prompting.methods.AnswerPrompts;
import dev.nlulab.prompting.methods.Demo;
import dev.nlulab.prompting.methods.FewShotCot;
import dev.nlulab.prompting.methods.Identification;
import dev.nlulab.prompting.methods.PromptingMethod;
import dev.nlulab.prompting.methods.Question;
import dev.nlulab.prompting.methods.ScenarioIdentifier;
import dev.nlulab.prompting.methods.Task;
import dev.nlulab.prompting.methods.Templates;
import dev.nlulab.prompting.methods.ZeroShot;
import dev.nlulab.prompting.methods.ZeroShotCot;
import dev.nlulab.tasks.Scenario;
import dev.nlulab.tasks.TaskItem;
import dev.nlulab.tasks.TaskSuite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code cot}: one question through the Meta-CoT lab's own Zero-Shot, Zero-Shot-CoT (both stages) and
 * Few-Shot-CoT ({@code prompting.methods}), greedily on the course model with the lab's stop strings, so
 * the page shows exactly the prompts, completions and answer readings a lab run makes. The student says
 * which task the question is like (the methods' identification step is given, not run): it picks
 * Few-Shot-CoT's demonstrations (the family's first two train items, worked) and the answer form. The
 * three methods run side by side and share one batch per stage ({@link StageBatcher}).
 */
final class CotDemo implements LiveDemo<CotDemo.Params> {
    static final int MAX_QUESTION_CHARS = 600;
    static final int MAX_TRIGGER_CHARS = 100;
    static final int MIN_TOKENS = 16;
    /** The lab's default reasoning budget (its max_tokens). */
    static final int MAX_TOKENS = 160;
    static final String DEFAULT_FAMILY = "multiarith";
    /** Few-Shot-CoT's demonstrations are shuffled once by this seed, as a lab run's seed does. */
    private static final long SEED = 1;

    record Params(String question, String family, String trigger, int maxTokens) {}

    /** One LLM request of a method: its stage, exact prompt and the model's text. */
    record Call(String stage, String prompt, String completion) {}

    /**
     * One method: its main prompt and the model's text (Zero-Shot-CoT's reasoning stage), the answer read
     * ("" when none in the task's form), Zero-Shot-CoT's reasoning read on its own (else null), and every
     * request it made (Zero-Shot-CoT's second stage too).
     */
    record Method(String method, String prompt, String completion, String answer, String alternative, List<Call> calls) {}

    record Answer(String family, String scenario, List<Method> methods, int batches) {}

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
        String trigger = input.has("trigger") ? input.text("trigger", MAX_TRIGGER_CHARS).strip() : Templates.DEFAULT.cotTrigger();
        for (Templates.Problem p : templates(trigger).problems()) throw new DemoInput.Invalid("trigger " + p.message());
        return new Params(input.text("question", MAX_QUESTION_CHARS).strip(), input.choice("family", ExamplePrompts.FAMILIES, DEFAULT_FAMILY),
                trigger, input.integer("max_tokens", MIN_TOKENS, MAX_TOKENS, 96));
    }

    private static Templates templates(String trigger) {
        return new Templates(Templates.DEFAULT.question(), Templates.DEFAULT.demo(), trigger);
    }

    /** The three methods as the lab builds them, on {@code llm}, with the family's scenario given. */
    static List<PromptingMethod> methods(Llm llm, Params p) {
        Scenario scenario = TaskSuite.family(p.family()).scenario();
        ScenarioIdentifier given = new Given(new Task(p.family(), scenario));
        Templates templates = templates(p.trigger());
        List<Demo> demos = new ArrayList<>();
        for (TaskItem d : ExamplePrompts.devSplits(p.family()).train()) demos.add(new Demo(d.fullQuestion(), d.rationale(), d.answer(), d.id()));
        return List.of(new ZeroShot(llm, given, templates, AnswerPrompts.Ending.COURSE),
                new ZeroShotCot(llm, given, templates, p.maxTokens()),
                new FewShotCot(llm, given, templates, Map.of(scenario, demos), p.maxTokens(), SEED));
    }

    @Override
    public Answer run(Params p) {
        StageBatcher batcher = new StageBatcher(model);
        Llm llm = new Llm(batcher, Llm.Decoding.greedy(SEED), model::promptTokens);
        Question question = new Question("demo", p.question());
        List<Supplier<dev.nlulab.prompting.methods.Answer>> runs = new ArrayList<>();
        List<PromptingMethod> methods = methods(llm, p);
        for (PromptingMethod m : methods) runs.add(() -> m.answer(List.of(question)).get(0));
        List<dev.nlulab.prompting.methods.Answer> answers;
        try {
            answers = batcher.runAll(runs);
        } catch (StageBatcher.TurnedAway e) {
            throw e.busy();
        }
        List<Method> out = new ArrayList<>();
        List<String> labels = List.of("Zero-Shot", "Zero-Shot-CoT", "Few-Shot-CoT");
        for (int i = 0; i < answers.size(); i++) {
            var a = answers.get(i);
            List<Call> calls = a.calls().stream().map(c -> new Call(c.stage(), c.prompt(), c.answered() ? c.completion() : "(refused: " + c.error() + ")")).toList();
            out.add(new Method(labels.get(i), calls.get(0).prompt(), calls.get(0).completion(), a.answer(), a.alternative(), calls));
        }
        return new Answer(p.family(), TaskSuite.family(p.family()).scenario().label(), out, batcher.rounds());
    }

    /** The task the student picked, for every question: the methods' identification step, given instead of run. */
    private record Given(Task task) implements ScenarioIdentifier {
        @Override
        public List<Identification> identify(List<Question> questions) {
            return questions.stream().map(q -> new Identification(task, Identification.Decided.GIVEN, List.<LlmCall>of())).toList();
        }

        @Override
        public boolean namesDatasets() {
            return true;
        }
    }
}

package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;
import dev.nlulab.tasks.Scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Few-Shot-CoT (Wei et al.): fixed, hand-checked worked demonstrations of the question's scenario before
 * it, "Q: question\nA:" without a trigger, one call, split on "The answer is". The demonstrations are
 * shuffled once with the run's seed and keep that order for every question, as the reference does.
 */
public final class FewShotCot implements PromptingMethod {
    private final Llm llm;
    private final ScenarioIdentifier identifier;
    private final Templates templates;
    private final Map<Scenario, List<Demo>> demos;
    private final int maxTokens;

    public FewShotCot(Llm llm, ScenarioIdentifier identifier, Templates templates, Map<Scenario, List<Demo>> demos, int maxTokens, long seed) {
        this.llm = llm;
        this.identifier = identifier;
        this.templates = templates;
        this.maxTokens = maxTokens;
        Random random = new Random(seed);
        Map<Scenario, List<Demo>> shuffled = new java.util.LinkedHashMap<>();
        demos.forEach((s, list) -> {
            List<Demo> order = new ArrayList<>(list);
            Collections.shuffle(order, random);
            shuffled.put(s, List.copyOf(order));
        });
        this.demos = shuffled;
    }

    @Override
    public String name() {
        return "few-shot-cot";
    }

    public List<Demo> demos(Scenario s) {
        return demos.getOrDefault(s, List.of());
    }

    @Override
    public List<Answer> answer(List<Question> questions) {
        return WithDemos.answer(llm, identifier, templates, t -> demos(t.scenario()), false, maxTokens, questions);
    }
}

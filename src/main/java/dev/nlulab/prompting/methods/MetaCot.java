package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;
import dev.nlulab.tasks.Scenario;

import java.util.List;
import java.util.Map;

/**
 * Meta-CoT (Zou et al.), its three phases: (1) identify each question's scenario (the LLM with one
 * demonstration per scenario, clean-up, retry, fallback: {@link LlmIdentifier}; or embeddings:
 * {@link CentroidIdentifier}); (2) the scenario's demonstrations, chosen once by k-means over the pool
 * ({@link DemoSelection}); (3) demonstrations + "Q: question\nA: Let's think step by step.", one call, the
 * answer split on "The answer is" by the identified scenario's form (a wrong scenario reads the wrong form).
 */
public final class MetaCot implements PromptingMethod {
    private final Llm llm;
    private final ScenarioIdentifier identifier;
    private final Templates templates;
    private final Map<Scenario, List<Demo>> demosByScenario;
    private final int maxTokens;

    public MetaCot(Llm llm, ScenarioIdentifier identifier, Templates templates, Map<Scenario, List<Demo>> demosByScenario, int maxTokens) {
        this.llm = llm;
        this.identifier = identifier;
        this.templates = templates;
        this.demosByScenario = Map.copyOf(demosByScenario);
        this.maxTokens = maxTokens;
    }

    @Override
    public String name() {
        return "meta-cot";
    }

    @Override
    public List<Answer> answer(List<Question> questions) {
        return WithDemos.answer(llm, identifier, templates, t -> demosByScenario.getOrDefault(t.scenario(), List.of()), true, maxTokens, questions);
    }
}

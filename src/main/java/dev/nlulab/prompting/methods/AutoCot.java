package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;

import java.util.List;
import java.util.Map;

/**
 * Auto-CoT (Zhang et al.): demonstrations chosen per data set by clustering that data set's pool questions
 * ({@link DemoSelection}), rationales by Zero-Shot-CoT; the question's data set must be known (here: named
 * by the identifier), then demonstrations + "Q: question\nA: Let's think step by step.", split on "The answer is".
 */
public final class AutoCot implements PromptingMethod {
    private final Llm llm;
    private final ScenarioIdentifier identifier;
    private final Templates templates;
    private final Map<String, List<Demo>> demosByDataset;
    private final int maxTokens;

    public AutoCot(Llm llm, ScenarioIdentifier identifier, Templates templates, Map<String, List<Demo>> demosByDataset, int maxTokens) {
        if (!identifier.namesDatasets()) {
            throw new IllegalArgumentException("Auto-CoT picks demonstrations per data set: its identifier must name data sets (the centroid identifier over the pool's data sets)");
        }
        this.llm = llm;
        this.identifier = identifier;
        this.templates = templates;
        this.demosByDataset = Map.copyOf(demosByDataset);
        this.maxTokens = maxTokens;
    }

    @Override
    public String name() {
        return "auto-cot";
    }

    @Override
    public List<Answer> answer(List<Question> questions) {
        return WithDemos.answer(llm, identifier, templates, t -> demosByDataset.getOrDefault(t.dataset(), List.of()), true, maxTokens, questions);
    }
}

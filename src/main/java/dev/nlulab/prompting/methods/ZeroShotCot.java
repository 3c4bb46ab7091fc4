package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.Scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Zero-Shot-CoT (Kojima et al.), both stages: "Q: question\nA: Let's think step by step." lets the model
 * reason; then the reasoning, a space and "\nTherefore, the answer (arabic numerals) is" (by form) ask for the
 * answer, read with the first-candidate rule. The stage-1 text read on its own (split on "The answer is")
 * is kept as the alternative, so a report can show what the second stage costs or gains.
 */
public final class ZeroShotCot implements PromptingMethod {
    private final Llm llm;
    private final ScenarioIdentifier identifier;
    private final Templates templates;
    private final int maxTokens;

    public ZeroShotCot(Llm llm, ScenarioIdentifier identifier, Templates templates, int maxTokens) {
        this.llm = llm;
        this.identifier = identifier;
        this.templates = templates;
        this.maxTokens = maxTokens;
    }

    @Override
    public String name() {
        return "zero-shot-cot";
    }

    /** Stage 1's prompt. */
    public String reasoningPrompt(Question q) {
        return templates.question(q.text()) + " " + templates.cotTrigger();
    }

    @Override
    public List<Answer> answer(List<Question> questions) {
        List<Identification> ids = identifier.identify(questions);
        List<LlmCall> reasoning = llm.complete("reason", questions.stream().map(this::reasoningPrompt).toList(), maxTokens);
        List<String> second = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            second.add(reasoning.get(i).prompt() + reasoning.get(i).completion() + " " + AnswerPrompts.extraction(ids.get(i).task().scenario()));
        }
        List<LlmCall> answers = llm.complete("answer", second, ZeroShot.MAX_TOKENS);
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Scenario s = ids.get(i).task().scenario();
            String a = AnswerExtractor.extract(s, answers.get(i).completion(), AnswerExtractor.Rule.FIRST);
            String oneStage = AnswerExtractor.extract(s, reasoning.get(i).completion(), AnswerExtractor.Rule.SPLIT);
            out.add(Answer.of(questions.get(i), ids.get(i), a, oneStage, List.of(reasoning.get(i), answers.get(i))));
        }
        return out;
    }
}

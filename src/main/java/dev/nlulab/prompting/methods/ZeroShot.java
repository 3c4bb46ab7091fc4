package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.tasks.AnswerExtractor;

import java.util.ArrayList;
import java.util.List;

/**
 * Zero-Shot (Kojima et al.'s baseline): "Q: question\nA: The answer is" and one short completion, read with
 * the first-candidate rule by the identified task's form. No reasoning, no demonstrations.
 */
public final class ZeroShot implements PromptingMethod {
    /** New tokens for a direct answer, as the reference allows. */
    public static final int MAX_TOKENS = 32;

    private final Llm llm;
    private final ScenarioIdentifier identifier;
    private final Templates templates;
    private final AnswerPrompts.Ending ending;

    public ZeroShot(Llm llm, ScenarioIdentifier identifier, Templates templates, AnswerPrompts.Ending ending) {
        this.llm = llm;
        this.identifier = identifier;
        this.templates = templates;
        this.ending = ending;
    }

    @Override
    public String name() {
        return "zero-shot";
    }

    @Override
    public List<Answer> answer(List<Question> questions) {
        List<Identification> ids = identifier.identify(questions);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            prompts.add(templates.question(questions.get(i).text()) + " " + AnswerPrompts.zeroShot(ids.get(i).task().scenario(), ending));
        }
        List<LlmCall> calls = llm.complete("answer", prompts, MAX_TOKENS);
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            String a = AnswerExtractor.extract(ids.get(i).task().scenario(), calls.get(i).completion(), AnswerExtractor.Rule.FIRST);
            out.add(Answer.of(questions.get(i), ids.get(i), a, null, List.of(calls.get(i))));
        }
        return out;
    }
}

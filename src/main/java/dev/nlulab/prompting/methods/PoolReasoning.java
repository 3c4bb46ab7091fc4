package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.PromptFormats;

import java.util.ArrayList;
import java.util.List;

/**
 * Zero-Shot-CoT over the pool, the raw material of Auto-CoT's and Meta-CoT's demonstrations: each pool question
 * is asked "Q: question\nA: Let's think step by step."; its rationale is what the model wrote before its last
 * "The answer is" (the course model closes its reasoning with that sentence; the references' rationale
 * excludes the answer line), and its answer is read from the completion by the question's own scenario,
 * in one stage, or with Kojima's second stage (one more call per question).
 */
public final class PoolReasoning {
    /** A pool question and the task its data set has (the pool's only labels; no answers). */
    public record PoolQuestion(String id, String text, Task task) {}

    /** The candidates and every call made for them. */
    public record Result(List<Candidate> candidates, List<LlmCall> calls) {}

    private PoolReasoning() {
    }

    public static Result run(Llm llm, Templates templates, List<PoolQuestion> pool, int maxTokens, boolean twoStages) {
        List<LlmCall> reasoning = llm.complete("pool-reason",
                pool.stream().map(q -> templates.question(q.text()) + " " + templates.cotTrigger()).toList(), maxTokens);
        List<LlmCall> second = List.of();
        if (twoStages) {
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) {
                prompts.add(reasoning.get(i).prompt() + reasoning.get(i).completion() + " " + AnswerPrompts.extraction(pool.get(i).task().scenario()));
            }
            second = llm.complete("pool-answer", prompts, ZeroShot.MAX_TOKENS);
        }
        List<Candidate> out = new ArrayList<>();
        List<LlmCall> calls = new ArrayList<>(reasoning);
        calls.addAll(second);
        for (int i = 0; i < pool.size(); i++) {
            PoolQuestion q = pool.get(i);
            String z = reasoning.get(i).completion();
            String answer = twoStages
                    ? AnswerExtractor.extract(q.task().scenario(), second.get(i).completion(), AnswerExtractor.Rule.FIRST)
                    : AnswerExtractor.extract(q.task().scenario(), z, AnswerExtractor.Rule.SPLIT);
            out.add(new Candidate(q.id(), q.text(), rationale(z), answer));
        }
        return new Result(out, calls);
    }

    /** The reasoning before the last "The answer is", stripped; all of it when there is none. */
    static String rationale(String completion) {
        int at = completion.lastIndexOf(PromptFormats.ANSWER_TRIGGER);
        return (at < 0 ? completion : completion.substring(0, at)).strip();
    }
}

package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.tasks.AnswerExtractor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What Few-Shot-CoT, Auto-CoT and Meta-CoT share: identify each question, put the demonstrations of its task
 * before it, let the model reason in one call, and split its text on "The answer is" by the task's form.
 */
final class WithDemos {
    private WithDemos() {
    }

    static List<Answer> answer(Llm llm, ScenarioIdentifier identifier, Templates templates, Function<Task, List<Demo>> demos,
                               boolean trigger, int maxTokens, List<Question> questions) {
        List<Identification> ids = identifier.identify(questions);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            prompts.add(templates.withDemos(demos.apply(ids.get(i).task()), questions.get(i).text(), trigger));
        }
        List<LlmCall> calls = llm.complete("derive", prompts, maxTokens);
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            String a = AnswerExtractor.extract(ids.get(i).task().scenario(), calls.get(i).completion(), AnswerExtractor.Rule.SPLIT);
            out.add(Answer.of(questions.get(i), ids.get(i), a, null, List.of(calls.get(i))));
        }
        return out;
    }
}

package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.LlmCall;

import java.util.ArrayList;
import java.util.List;

/**
 * A method's answer to one question: the task it took the question to be, the answer it extracted ("" when
 * the completion gave none in the task's form), and every LLM call it made for this question, identification
 * first, with the exact prompts and completions. {@code alternative} is a second reading where a method has
 * one (Zero-Shot-CoT's stage-1 text read without the extraction stage), else null.
 */
public record Answer(Question question, Identification identification, String answer, String alternative, List<LlmCall> calls) {
    public Answer {
        calls = List.copyOf(calls);
    }

    public Task task() {
        return identification.task();
    }

    /** The identification's calls, then the method's own. */
    static Answer of(Question q, Identification id, String answer, String alternative, List<LlmCall> own) {
        List<LlmCall> all = new ArrayList<>(id.calls());
        all.addAll(own);
        return new Answer(q, id, answer, alternative, all);
    }
}

package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.LlmCall;

import java.util.List;

/** What a question was identified as, by which step, and the LLM calls that took (none for embeddings). */
public record Identification(Task task, Decided decidedBy, List<LlmCall> calls) {
    /**
     * Which step settled the task: Meta-CoT's first try, its retry with the list of options, its random
     * fallback, the embeddings' nearest centroid, or the caller, who named the task (the live cot demo).
     */
    public enum Decided { FIRST_TRY, RETRY, FALLBACK, CENTROID, GIVEN }

    public Identification {
        calls = List.copyOf(calls);
    }
}

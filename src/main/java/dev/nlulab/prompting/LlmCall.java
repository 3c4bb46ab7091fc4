package dev.nlulab.prompting;

/**
 * One request a prompting method made and what came back, as a report shows it: the stage of the method
 * that asked (e.g. "identify", "reason", "derive"), the exact prompt, the completion, the token counts,
 * why it stopped and how long it took. {@code error} says why a request got no completion (a prompt too
 * long for the model); it is null when the backend answered.
 */
public record LlmCall(String stage, String prompt, String completion, int promptTokens, int completionTokens,
                      FinishReason finishReason, long millis, String error) {
    static LlmCall of(String stage, String prompt, Completion c) {
        return new LlmCall(stage, prompt, c.text(), c.promptTokens(), c.completionTokens(), c.finishReason(), c.millis(), null);
    }

    static LlmCall refused(String stage, String prompt, String why) {
        return new LlmCall(stage, prompt, "", 0, 0, null, 0, why);
    }

    public boolean answered() {
        return error == null;
    }
}

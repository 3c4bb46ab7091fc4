package dev.nlulab.tasks;

/**
 * One example for a trainer: the prompt the model reads and the answer it must write after it
 * (loss on the answer only). {@code prompt + answer} is the full text.
 */
public record TrainingExample(String itemId, String family, String prompt, String answer) {
    public String text() {
        return prompt + answer;
    }
}

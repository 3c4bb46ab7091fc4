package dev.nlulab.tasks;

/**
 * One training example as text: the prompt the model reads and the answer it must write after it
 * (loss on the answer only). {@code prompt + answer} is the full text; the pretraining mix tokenizes
 * it into the trainer's {@code ml.TrainingExample}.
 */
public record TextExample(String itemId, String family, String prompt, String answer) {
    public String text() {
        return prompt + answer;
    }
}

package dev.nlulab.prompting.methods;

/**
 * A question a method answers: its id and its text as the model sees it (a multiple-choice question with
 * its "Answer Choices: (A) ... (E) ..." appended). Nothing about its task: methods learn that by
 * identifying it.
 */
public record Question(String id, String text) {
    public Question {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("question " + id + " has no text");
    }
}

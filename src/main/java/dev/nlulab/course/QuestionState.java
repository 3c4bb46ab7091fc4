package dev.nlulab.course;

/**
 * Where one student stands on one question, from their attempts and reveals: what the page shows
 * again after a reload, and whether the key and explanation are theirs to see. They are once the
 * student has answered correctly or asked for them ("Show the answer"), never after a wrong answer.
 *
 * @param answer    the answer to show in the form: the last correct one once there is one, else the
 *                  last one; null before any attempt
 * @param attempted at least one answer was sent
 * @param correct   at least one answer was right
 * @param revealed  the student asked for the answer
 */
public record QuestionState(String answer, boolean attempted, boolean correct, boolean revealed) {
    static final QuestionState UNTOUCHED = new QuestionState(null, false, false, false);

    public boolean showsKey() {
        return correct || revealed;
    }

    QuestionState afterAttempt(String given, boolean right) {
        return new QuestionState(right || !correct ? given : answer, true, correct || right, revealed);
    }

    QuestionState afterReveal() {
        return new QuestionState(answer, attempted, correct, true);
    }
}

package dev.nlulab.tasks;

/** The shape of an answer: Meta-CoT's second scenario axis, which also decides how answers are extracted. */
public enum AnswerForm {
    SHORT_ANSWER("short-answer"), MULTIPLE_CHOICE("multiple-choice"), YES_NO("yes-no");

    private final String word;

    AnswerForm(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static AnswerForm fromWord(String word) {
        for (AnswerForm f : values()) {
            if (f.word.equals(word)) return f;
        }
        throw new IllegalArgumentException("unknown answer form '" + word + "' (expected short-answer, multiple-choice or yes-no)");
    }
}

package dev.nlulab.tasks;

/** A Meta-CoT scenario: the <category, form> pair that picks demonstrations and answer extraction. */
public record Scenario(Category category, AnswerForm form) {
    public static final Scenario ARITHMETIC_SHORT = new Scenario(Category.ARITHMETIC, AnswerForm.SHORT_ANSWER);
    public static final Scenario ARITHMETIC_CHOICE = new Scenario(Category.ARITHMETIC, AnswerForm.MULTIPLE_CHOICE);
    public static final Scenario COMMONSENSE_CHOICE = new Scenario(Category.COMMONSENSE, AnswerForm.MULTIPLE_CHOICE);
    public static final Scenario COMMONSENSE_YES_NO = new Scenario(Category.COMMONSENSE, AnswerForm.YES_NO);
    public static final Scenario COMMONSENSE_SHORT = new Scenario(Category.COMMONSENSE, AnswerForm.SHORT_ANSWER);
    public static final Scenario SYMBOLIC_SHORT = new Scenario(Category.SYMBOLIC, AnswerForm.SHORT_ANSWER);
    public static final Scenario SYMBOLIC_YES_NO = new Scenario(Category.SYMBOLIC, AnswerForm.YES_NO);

    /** Numbers are compared as numbers only in arithmetic short answers; other short answers are text. */
    public boolean numericAnswer() {
        return category == Category.ARITHMETIC && form == AnswerForm.SHORT_ANSWER;
    }

    /** Meta-CoT's label, e.g. "<arithmetic, short-answer>". */
    public String label() {
        return "<" + category.word() + ", " + form.word() + ">";
    }

    /** Parses a label written by {@link #label()}. */
    public static Scenario parse(String label) {
        String s = label.trim();
        if (!s.startsWith("<") || !s.endsWith(">") || !s.contains(",")) {
            throw new IllegalArgumentException("scenario '" + label + "' is not of the form <category, form>");
        }
        String[] parts = s.substring(1, s.length() - 1).split(",", 2);
        return new Scenario(Category.valueOf(parts[0].trim().toUpperCase(java.util.Locale.ROOT)),
                AnswerForm.fromWord(parts[1].trim()));
    }

    @Override
    public String toString() {
        return label();
    }
}

package dev.nlulab.course;

/**
 * The feedback under a question, written in one place for the answer's JSON and for the lesson page
 * after a reload: a verdict, then the key and the explanation only when {@link QuestionState#showsKey}.
 *
 * @param cssClass the class of the feedback box (correct, wrong, shown), empty when there is nothing to say
 * @param html     its content: escaped text and the lesson's own sanitized HTML
 */
public record QuizFeedback(String cssClass, String html) {
    /** What the latest step said. */
    enum Verdict {
        CORRECT("correct", "Correct."), WRONG("wrong", "Not quite. Try again."), SHOWN("shown", "Here is the answer.");

        final String cssClass;
        final String text;

        Verdict(String cssClass, String text) {
            this.cssClass = cssClass;
            this.text = text;
        }
    }

    static final QuizFeedback NONE = new QuizFeedback("", "");

    static QuizFeedback of(QuizQuestion q, QuestionState state, Verdict verdict) {
        StringBuilder b = new StringBuilder("<p class=\"verdict\">").append(verdict.text).append("</p>");
        if (state.showsKey()) {
            b.append("<p class=\"answer\"><strong>Answer:</strong> ").append(QuizGrader.correctAnswerHtml(q)).append("</p>");
            if (!q.explanationHtml().isEmpty()) b.append("<div class=\"explanation\">").append(q.explanationHtml()).append("</div>");
        }
        return new QuizFeedback(verdict.cssClass, b.toString());
    }

    /** The page's feedback for a question, as the student left it. */
    static QuizFeedback onPage(QuizQuestion q, QuestionState state) {
        if (state.correct()) return of(q, state, Verdict.CORRECT);
        if (state.revealed()) return of(q, state, Verdict.SHOWN);
        if (state.attempted()) return of(q, state, Verdict.WRONG);
        return NONE;
    }
}

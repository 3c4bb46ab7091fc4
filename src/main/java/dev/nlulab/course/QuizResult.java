package dev.nlulab.course;

/**
 * The outcome of one attempt, shown only after the attempt.
 *
 * @param answer            the submitted answer in a canonical form, as stored with the attempt
 * @param correctAnswerHtml the key in readable form (option text, number and tolerance, accepted text)
 */
public record QuizResult(String questionId, boolean correct, String answer, String correctAnswerHtml,
                         String explanationHtml) {}

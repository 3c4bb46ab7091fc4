package dev.nlulab.course;

/**
 * The grade of one attempt. It holds no part of the key: what a student may see of the key depends on
 * their whole history with the question ({@link QuestionState}).
 *
 * @param answer the submitted answer in a canonical form, as stored with the attempt
 */
public record QuizResult(String questionId, boolean correct, String answer) {}

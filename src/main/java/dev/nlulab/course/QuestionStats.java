package dev.nlulab.course;

/**
 * How the class does on one question. The share that counts is the first try: a student whose first
 * step was a right answer knew it; retries and asking for the answer come after.
 *
 * @param position        the question's place in the lesson ("Question 2")
 * @param attempts        answers sent, by everyone, retries included
 * @param students        students who answered or asked for the answer
 * @param firstTryCorrect students whose first step was a right answer
 * @param studentsCorrect students who answered right at some point
 * @param revealed        students who asked for the answer
 */
public record QuestionStats(String lessonId, String questionId, int position, int attempts, int students,
                            int firstTryCorrect, int studentsCorrect, int revealed) {
    /** First-try right over students who tried; 0 when nobody tried. */
    public double firstTryRate() {
        return students == 0 ? 0 : (double) firstTryCorrect / students;
    }

    public String label() {
        return "Question " + position;
    }
}

package dev.nlulab.course;

/**
 * How the class does on one question: attempts and correct attempts, students who tried and students
 * who got it right at least once.
 */
public record QuestionStats(String lessonId, String questionId, int attempts, int correctAttempts, int students,
                            int studentsCorrect) {
    /** Correct attempts over attempts; 0 when nobody tried. */
    public double correctRate() {
        return attempts == 0 ? 0 : (double) correctAttempts / attempts;
    }
}

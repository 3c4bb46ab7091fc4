-- Course: quiz attempts and lesson progress. Lessons live in files, so lesson and question ids are
-- the ids of the lessons folder (representations/01-tokenization, q-merge), not foreign keys.
CREATE TABLE quiz_attempts (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lesson_id    VARCHAR(200) NOT NULL,
    question_id  VARCHAR(100) NOT NULL,
    answer       VARCHAR(2000) NOT NULL,
    correct      BOOLEAN NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX quiz_attempts_user_lesson ON quiz_attempts(user_id, lesson_id);
CREATE INDEX quiz_attempts_lesson_question ON quiz_attempts(lesson_id, question_id);

-- One row per student and lesson: the last visit, and when every question was first answered right.
CREATE TABLE lesson_progress (
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lesson_id    VARCHAR(200) NOT NULL,
    visited_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (user_id, lesson_id)
);

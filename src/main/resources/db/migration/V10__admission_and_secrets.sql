-- Admission is a database fact: one row per student and scope (an exercise's submissions, the job queue),
-- locked FOR UPDATE while the student's count is checked and the new row written, so two servers on one
-- database cannot both admit the last attempt.
CREATE TABLE admission_locks (
    scope    VARCHAR(200) NOT NULL,
    user_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (scope, user_id)
);

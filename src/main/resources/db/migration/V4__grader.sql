-- Grader: every submission of a student to a lab exercise (an uploaded predictions file or a job),
-- its status and scores; per-student deadline extensions. job_id names a row of the jobs table
-- (no foreign key: that table belongs to the jobs feature).
CREATE TABLE submissions (
    id             BIGSERIAL PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users(id),
    lab_id         VARCHAR(64) NOT NULL,
    exercise_id    VARCHAR(64) NOT NULL,
    kind           VARCHAR(16) NOT NULL,          -- predictions | job
    file_path      VARCHAR(1024),                 -- under the data dir's uploads/
    job_id         BIGINT,
    status         VARCHAR(16) NOT NULL,          -- PENDING | GRADED | INVALID | NOT_GRADABLE
    public_score   DOUBLE PRECISION,
    private_score  DOUBLE PRECISION,
    overall_score  DOUBLE PRECISION,
    submitted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    graded_at      TIMESTAMP WITH TIME ZONE,
    late           BOOLEAN NOT NULL DEFAULT FALSE,
    chosen_final   BOOLEAN NOT NULL DEFAULT FALSE,
    message        TEXT
);
CREATE INDEX submissions_exercise ON submissions(lab_id, exercise_id, status);
CREATE INDEX submissions_student ON submissions(user_id, lab_id, exercise_id, submitted_at);
CREATE INDEX submissions_job ON submissions(job_id);

CREATE TABLE extensions (
    user_id       BIGINT NOT NULL REFERENCES users(id),
    lab_id        VARCHAR(64) NOT NULL,
    exercise_id   VARCHAR(64) NOT NULL,
    new_deadline  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, lab_id, exercise_id)
);

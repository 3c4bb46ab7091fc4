-- Write-ups: the short Markdown description of the method a student hands in with a submission (lab.yaml's
-- `writeup:` per exercise). Stored as written; pages render it through the sanitizer.
CREATE TABLE writeups (
    submission_id  BIGINT PRIMARY KEY REFERENCES submissions(id),
    markdown       TEXT NOT NULL
);

-- Regrade requests: a student asks about one of their submissions with a reason; an instructor answers,
-- and may have regraded it with the current key.
CREATE TABLE regrade_requests (
    id             BIGSERIAL PRIMARY KEY,
    submission_id  BIGINT NOT NULL REFERENCES submissions(id),
    user_id        BIGINT NOT NULL REFERENCES users(id),
    reason         TEXT NOT NULL,
    asked_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    answer         TEXT,
    answered_by    BIGINT REFERENCES users(id),
    answered_at    TIMESTAMP WITH TIME ZONE,
    regraded       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX regrade_requests_submission ON regrade_requests(submission_id);
CREATE INDEX regrade_requests_user ON regrade_requests(user_id);

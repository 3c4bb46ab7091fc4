-- Admission is a database fact: one row per student and scope (an exercise's submissions, the job queue),
-- locked FOR UPDATE while the student's count is checked and the new row written, so two servers on one
-- database cannot both admit the last attempt.
CREATE TABLE admission_locks (
    scope    VARCHAR(200) NOT NULL,
    user_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (scope, user_id)
);

-- The installation's random secret, made on first start and shared by every server: the keys of the leaderboard
-- pseudonyms and of the sign-in device cookies are derived from it.
CREATE TABLE installation_secrets (
    name    VARCHAR(64) PRIMARY KEY,
    secret  VARCHAR(128) NOT NULL
);

-- A failed sign-in from a browser that had signed in to that account before names the browser (its device
-- cookie's id): such failures are throttled per browser, and others' failures do not lock that browser out.
ALTER TABLE login_failures ADD COLUMN device VARCHAR(64);

-- A roster row with a role above student is claimed only through a one-time link the importing instructor
-- hands out (the digest of its token is kept here until it is used), never with the email and invite code.
CREATE TABLE claim_links (
    token       VARCHAR(64) PRIMARY KEY,
    user_id     BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

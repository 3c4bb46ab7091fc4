-- A student may ask for a question's answer ("Show the answer"): that is a row of its own, in order
-- with the attempts, so that the first try can be told from what came after it.
ALTER TABLE quiz_attempts ADD COLUMN revealed BOOLEAN DEFAULT FALSE NOT NULL;

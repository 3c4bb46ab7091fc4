-- The further metrics an exercise reports (lab.yaml's `report:`, e.g. success@5 beside mrr@10), per graded
-- submission, as JSON text (portable between H2 and PostgreSQL):
-- {"success@5": {"publicScore": 0.31, "privateScore": 0.29, "overall": 0.30}}. NULL for none.
ALTER TABLE submissions ADD COLUMN reported_scores TEXT;

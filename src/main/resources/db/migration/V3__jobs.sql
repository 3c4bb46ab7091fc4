-- Jobs: one row per run of ML work a student submits for an exercise; the job folder
-- (<data.dir>/jobs/<id>/) holds its spec, log, metrics, predictions, result and artefacts.
CREATE TABLE jobs (
    id                   BIGSERIAL PRIMARY KEY,
    user_id              BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lab_id               VARCHAR(120) NOT NULL,
    exercise_id          VARCHAR(120) NOT NULL,
    kind                 VARCHAR(64)  NOT NULL,
    spec                 TEXT NOT NULL,           -- JSON, validated by the kind at submit
    state                VARCHAR(16)  NOT NULL,   -- QUEUED RUNNING SUCCEEDED FAILED CANCELLED TIMED_OUT
    requested_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE,
    finished_at          TIMESTAMP WITH TIME ZONE,
    graded_at            TIMESTAMP WITH TIME ZONE,
    executor             VARCHAR(16),             -- local, slurm
    executor_handle      VARCHAR(64),             -- pid or Slurm job id
    estimated_peak_bytes BIGINT NOT NULL,
    measured_peak_bytes  BIGINT,
    wall_time_seconds    BIGINT NOT NULL,
    stop_requested       VARCHAR(16),             -- CANCELLED or TIMED_OUT: the state a stopped job ends in
    exit_reason          VARCHAR(4000),
    infra_failure        BOOLEAN NOT NULL DEFAULT FALSE  -- our fault: costs the student no quota or usage
);
CREATE INDEX jobs_state ON jobs(state, requested_at);
CREATE INDEX jobs_user ON jobs(user_id, requested_at);
CREATE INDEX jobs_finished ON jobs(finished_at);

-- One scheduler leads among the servers sharing this database: the holder renews before expires_at.
CREATE TABLE scheduler_lease (
    name        VARCHAR(32) PRIMARY KEY,
    holder      VARCHAR(120) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

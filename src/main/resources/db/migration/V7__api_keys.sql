-- API keys: programs (the openai clients, a student's notebook) call the OpenAI-compatible /v1 with one.
-- The key is shown once when made; the database keeps only its SHA-256 and its last four characters (a hint
-- its owner tells keys apart by). Requests per key are counted per minute here, so every server node
-- sees the same count.
CREATE TABLE api_keys (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name            VARCHAR(80) NOT NULL,
    key_hash        VARCHAR(64) NOT NULL UNIQUE,
    key_hint        VARCHAR(8)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at    TIMESTAMP WITH TIME ZONE,
    revoked_at      TIMESTAMP WITH TIME ZONE,
    window_start    TIMESTAMP WITH TIME ZONE,
    window_requests INT NOT NULL DEFAULT 0
);
CREATE INDEX api_keys_user ON api_keys(user_id);

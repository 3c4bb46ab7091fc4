-- Accounts: users, roles, sessions in the database (shared by all server nodes), invite codes.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    email         VARCHAR(320) NOT NULL UNIQUE,
    display_name  VARCHAR(120) NOT NULL,
    password_hash VARCHAR(255),
    role          VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE sessions (
    id          VARCHAR(64) PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token  VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE invite_codes (
    code        VARCHAR(64) PRIMARY KEY,
    created_by  BIGINT REFERENCES users(id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE login_failures (
    id          BIGSERIAL PRIMARY KEY,
    email       VARCHAR(320) NOT NULL,
    address     VARCHAR(64)  NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_address ON login_failures(address, at);

-- One-time set-up token for the first instructor; deleted when used.
CREATE TABLE setup_tokens (
    token       VARCHAR(64) PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Two-factor sign-in (TOTP, RFC 6238). The secret is what the authenticator app holds; the
-- last accepted time step makes every code single-use. A secret being set up waits in
-- totp_pending until the first code proves the app has it.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_pending TEXT;

-- Ten single-use recovery codes per account, stored as SHA-256 (they are long random codes).
CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- Between the password and the second step: the browser holds the token (a cookie), the
-- database its hash. No session exists until the second step succeeds.
CREATE TABLE sign_in_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- API keys kept by the cluster (docs/security.md): the SHA-256 of each secret, never the secret. Idempotent.
CREATE TABLE IF NOT EXISTS claimaudit_api_key
(
    key_id          text          NOT NULL PRIMARY KEY,
    key_hash        text          NOT NULL UNIQUE,
    name            text          NOT NULL,
    role            text          NOT NULL,
    fixmedins_code  text          NULL,
    admdvs          text          NULL,
    created_at      timestamptz   NOT NULL,
    revoked_at      timestamptz   NULL
);

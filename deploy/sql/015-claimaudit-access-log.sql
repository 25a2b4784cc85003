-- Who read which episode's personal data, when and from where (docs/security.md). Append-only. Idempotent.
CREATE TABLE IF NOT EXISTS claimaudit_access_log
(
    seq             bigserial     NOT NULL PRIMARY KEY,
    at              timestamptz   NOT NULL,
    credential_id   text          NOT NULL,
    name            text          NOT NULL,
    role            text          NOT NULL,
    action          text          NOT NULL,
    fixmedins_code  text          NOT NULL,
    mdtrt_id        text          NOT NULL,
    remote          text          NULL
);
CREATE INDEX IF NOT EXISTS ix_claimaudit_access_log_episode ON claimaudit_access_log (fixmedins_code, mdtrt_id, at);
CREATE INDEX IF NOT EXISTS ix_claimaudit_access_log_at ON claimaudit_access_log (at);

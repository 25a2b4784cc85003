-- The fee-line log as one row per accepted batch, in a binary format the code names in its first byte
-- (FeeBatchFormat; docs/architecture.md, "The fee-line log"). An episode grain reads claimaudit_fee_line (rows written
-- before this table, one jsonb line each, still read and never rewritten) and then these rows, in order; a serial
-- held twice (a commit whose answer was lost, then the batch sent again) counts once, the first time. Idempotent.
CREATE TABLE IF NOT EXISTS claimaudit_fee_batch
(
    episode_key  text        NOT NULL,
    seq          bigserial   NOT NULL,
    line_count   integer     NOT NULL,
    lines        bytea       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_claimaudit_fee_batch PRIMARY KEY (episode_key, seq)
);

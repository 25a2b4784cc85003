-- ClaimAudit's own tables. Idempotent.

-- Every acknowledged fee line, appended once per batch (docs/architecture.md). An episode grain rebuilds from it on
-- activation. The primary key makes a re-sent line a no-op even if two activations ever raced.
CREATE TABLE IF NOT EXISTS claimaudit_fee_line
(
    episode_key  text        NOT NULL,
    feedetl_sn   text        NOT NULL,
    seq          bigserial   NOT NULL,
    line         jsonb       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_claimaudit_fee_line PRIMARY KEY (episode_key, feedetl_sn)
);

-- The findings read model: every finding as last judged, with its status, for queries that cross grains
-- (review queues, institution lists). Written in the same round trip as the batch that changed it.
CREATE TABLE IF NOT EXISTS claimaudit_finding
(
    finding_id      text          NOT NULL PRIMARY KEY,
    episode_key     text          NOT NULL,
    fixmedins_code  text          NOT NULL,
    mdtrt_id        text          NOT NULL,
    psn_no          text          NOT NULL,
    rule_id         text          NOT NULL,
    rule_kind       text          NOT NULL,
    severity        text          NOT NULL,
    status          text          NOT NULL,
    amount          numeric       NOT NULL,
    finding         jsonb         NOT NULL,
    updated_at      timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_claimaudit_finding_episode ON claimaudit_finding (episode_key);
CREATE INDEX IF NOT EXISTS ix_claimaudit_finding_institution ON claimaudit_finding (fixmedins_code, status);

-- One row per episode: what a list or a scorecard needs without waking the grain.
CREATE TABLE IF NOT EXISTS claimaudit_episode
(
    episode_key     text          NOT NULL PRIMARY KEY,
    fixmedins_code  text          NOT NULL,
    mdtrt_id        text          NOT NULL,
    psn_no          text          NOT NULL,
    med_type        text          NOT NULL,
    begntime        timestamp     NOT NULL,
    endtime         timestamp     NULL,
    status          text          NOT NULL,
    line_count      integer       NOT NULL DEFAULT 0,
    amount          numeric       NOT NULL DEFAULT 0,
    deduction       numeric       NOT NULL DEFAULT 0,
    updated_at      timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_claimaudit_episode_institution ON claimaudit_episode (fixmedins_code);
CREATE INDEX IF NOT EXISTS ix_claimaudit_episode_person ON claimaudit_episode (psn_no);

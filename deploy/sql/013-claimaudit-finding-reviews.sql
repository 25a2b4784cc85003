-- The findings workflow (docs/findings.md). Idempotent.

-- Every transition of a finding, appended in the same transaction as the finding's new state and never changed:
-- who (credential name and role), when, from → to, why, the evidence, the amount decided on.
CREATE TABLE IF NOT EXISTS claimaudit_finding_event
(
    seq          bigserial     NOT NULL PRIMARY KEY,
    finding_id   text          NOT NULL,
    episode_key  text          NOT NULL,
    at           timestamptz   NOT NULL,
    actor        text          NOT NULL,
    role         text          NOT NULL,
    from_status  text          NOT NULL,
    to_status    text          NOT NULL,
    event        jsonb         NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_claimaudit_finding_event_episode ON claimaudit_finding_event (episode_key, seq);
CREATE INDEX IF NOT EXISTS ix_claimaudit_finding_event_finding ON claimaudit_finding_event (finding_id, seq);

-- The region of the finding's institution (review queues and searches are by region) and when it was first raised
-- (queues are oldest first).
ALTER TABLE claimaudit_finding ADD COLUMN IF NOT EXISTS admdvs text NULL;
ALTER TABLE claimaudit_finding ADD COLUMN IF NOT EXISTS raised_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS ix_claimaudit_finding_queue ON claimaudit_finding (status, raised_at, finding_id);

-- Versions before the workflow wrote 'open' for suspicious findings, whose initial state is 'pending_review'. Done
-- once (recorded in claimaudit_data_migration), so a silo's start does not scan the findings again.
CREATE TABLE IF NOT EXISTS claimaudit_data_migration (name text NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM claimaudit_data_migration WHERE name = '013-suspicious-pending-review') THEN
        UPDATE claimaudit_finding SET status = 'pending_review', finding = jsonb_set(finding, '{status}', '"pending_review"')
        WHERE severity = 'suspicious' AND status = 'open';
        INSERT INTO claimaudit_data_migration (name) VALUES ('013-suspicious-pending-review');
    END IF;
END $$;

-- What an institution's scorecard needs from each discharged episode, so the scorecard is a query of the read model
-- (one row per episode: a discharge retried after a crash cannot count twice). Idempotent.
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS admdvs text NULL;
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS period text NULL;
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS inpatient_episodes integer NOT NULL DEFAULT 0;
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS drug_amount numeric NOT NULL DEFAULT 0;
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS consumable_amount numeric NOT NULL DEFAULT 0;
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS self_pay_amount numeric NOT NULL DEFAULT 0;
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS stay_days integer NOT NULL DEFAULT 0;
ALTER TABLE claimaudit_episode ADD COLUMN IF NOT EXISTS inpatient_amount numeric NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS ix_claimaudit_episode_period ON claimaudit_episode (fixmedins_code, period);

-- Amounts of the read model are exact and unbounded (numeric without precision), as the engine computes them.
-- Databases created before this held numeric(14,2): an amount of 10^12 or more failed the whole batch's transaction
-- (so the batch could never be acknowledged), and amounts with more than 2 decimals were rounded. Idempotent: each
-- column is altered only while it still has a precision.
DO $$
DECLARE
    col record;
BEGIN
    FOR col IN
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND (table_name, column_name) IN (('claimaudit_finding', 'amount'), ('claimaudit_episode', 'amount'), ('claimaudit_episode', 'deduction'))
          AND numeric_precision IS NOT NULL AND data_type = 'numeric' AND numeric_precision_radix = 10
          AND EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                      WHERE c.relname = table_name AND a.attname = column_name AND a.atttypmod <> -1)
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE numeric', col.table_name, col.column_name);
    END LOOP;
END
$$;

-- Review mends (issue #3).
--
-- 1. contact_import_refresh_stats (migration 20261203190000_contact_import_stats) ran ANALYZE
--    inside the import's transaction, whose lock on "Contact" (SHARE UPDATE EXCLUSIVE) is then
--    held until that import commits: another business's import reaching its own refresh waited
--    for it, minutes. Now it waits at most 100 ms for the lock and otherwise goes on without
--    refreshing: the import holding the lock has already put its count in pg_class (ANALYZE
--    writes reltuples in place, visible at once), which is what keeps the planner off the
--    empty-table plan.
CREATE OR REPLACE FUNCTION contact_import_refresh_stats(written bigint) RETURNS float8
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public SET lock_timeout = '100ms' AS $$
DECLARE
  counted float8;
BEGIN
  SELECT c.reltuples INTO counted FROM pg_class c WHERE c.oid = '"Contact"'::regclass;
  IF counted * 10 < written THEN
    BEGIN
      ANALYZE "Contact", "ContactExternalId";
      SELECT c.reltuples INTO counted FROM pg_class c WHERE c.oid = '"Contact"'::regclass;
    EXCEPTION WHEN lock_not_available THEN
      NULL; -- another import is analysing; ask again after the next batches
    END;
  END IF;
  -- What the statistics count now: the import asks again only once it has written ten times that.
  RETURN counted;
END $$;

-- 2. contact_activity_refresh (migration 20261203130000_crm_perf, SECURITY DEFINER) took a
--    contact's appointments and invoices by contactId alone. Services check that a contactId
--    belongs to the business before linking it, but a function that bypasses row-level
--    security should not rely on that: only rows of the contact's own business count.
CREATE OR REPLACE FUNCTION contact_activity_refresh(contact_ids text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE "Contact" c
  SET "latestAppointmentAt" = f.latest, "oldestUnpaidDueDate" = f.oldest
  FROM (
    SELECT k.id,
      (SELECT max(a."startsAt") FROM "Appointment" a
        WHERE a."contactId" = k.id AND a."tenantId" = k."tenantId" AND a.status <> 'cancelled') AS latest,
      (SELECT min(i."dueDate") FROM "Invoice" i
        WHERE i."contactId" = k.id AND i."tenantId" = k."tenantId"
          AND i.status IN ('open', 'overdue', 'partially_paid') AND i."amountDue" > 0) AS oldest
    FROM "Contact" k
    WHERE k.id IN (SELECT u.id FROM unnest(contact_ids) AS u(id) WHERE u.id IS NOT NULL)
  ) f
  WHERE c.id = f.id
    AND (c."latestAppointmentAt" IS DISTINCT FROM f.latest OR c."oldestUnpaidDueDate" IS DISTINCT FROM f.oldest)
$$;

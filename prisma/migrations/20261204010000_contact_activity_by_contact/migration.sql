-- contact_activity_refresh (migrations 20261203130000_crm_perf, 20261203230000_import_review_mends)
-- reads a contact's appointments and invoices by contactId, and checks that each belongs to the
-- contact's business. Without statistics on "Invoice" (a new install's first invoice import runs
-- in one transaction, so autovacuum has not analysed anything yet), the planner estimated the
-- business's invoices at 15 and intersected ("tenantId") with ("contactId") for every contact:
-- each lookup read every invoice of the business, so 20,000 invoices took 18.6 s, and each batch
-- of 1,000 was slower than the one before (docs/performance.md, "Invoice CSV import").
-- The business check stays, as a filter on the contact's own few rows: `IS TRUE` keeps it out of
-- the index conditions (the same device as the contact search's re-checks, 20261204000000).
CREATE OR REPLACE FUNCTION contact_activity_refresh(contact_ids text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE "Contact" c
  SET "latestAppointmentAt" = f.latest, "oldestUnpaidDueDate" = f.oldest
  FROM (
    SELECT k.id,
      (SELECT max(a."startsAt") FROM "Appointment" a
        WHERE a."contactId" = k.id AND (a."tenantId" = k."tenantId") IS TRUE AND a.status <> 'cancelled') AS latest,
      (SELECT min(i."dueDate") FROM "Invoice" i
        WHERE i."contactId" = k.id AND (i."tenantId" = k."tenantId") IS TRUE
          AND i.status IN ('open', 'overdue', 'partially_paid') AND i."amountDue" > 0) AS oldest
    FROM "Contact" k
    WHERE k.id IN (SELECT u.id FROM unnest(contact_ids) AS u(id) WHERE u.id IS NOT NULL)
  ) f
  WHERE c.id = f.id
    AND (c."latestAppointmentAt" IS DISTINCT FROM f.latest OR c."oldestUnpaidDueDate" IS DISTINCT FROM f.oldest)
$$;

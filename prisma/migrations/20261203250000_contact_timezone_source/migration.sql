-- Contact.timezoneSource (issue #6 follow-up): where the contact's zone came from, so the
-- compliance guard can tell a known zone (explicit, phone) from the business's zone filled in as
-- a guess (business). Written by normaliseFields (server/contacts/contacts.ts).

-- CreateEnum
CREATE TYPE "ContactTimezoneSource" AS ENUM ('explicit', 'phone', 'business');

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "timezoneSource" "ContactTimezoneSource" NOT NULL DEFAULT 'business';

-- Existing rows stay 'business': the guard then keeps its earlier rule for them (a call must fit
-- the calling hours of both the stored zone and the number's), which is never less careful than
-- before. Telling 'phone' from 'explicit' would need libphonenumber, which SQL does not have, and
-- rewriting every contact of a large business (~650,000 rows moved on the 1M benchmark business)
-- would hold its lock for minutes and scatter the table. A contact gets its real source the next
-- time it is saved or imported with a zone.

-- guard_facts also returns the contact's zone source. The result type changes, so the function is
-- dropped and created anew; the body is 20261203200000_guard_facts_workflow's plus one column.
DROP FUNCTION guard_facts(text, text, float8);

CREATE FUNCTION guard_facts(p_task_id text, p_tenant_id text, p_now_ms float8)
RETURNS TABLE (
  "id" text, "campaignId" text, "subjectType" text, "subjectId" text, "attempt" int, "kind" text, "phone" text,
  "invoiceId" text, "simulated" boolean, "campaignType" text, "workflowId" text, "workflowVersionId" text,
  "timezone" text, "timezoneSource" text, "country" text, "region" text, "doNotCall" boolean, "consentStatus" text,
  "businessTimezone" text, "businessCountry" text,
  "paused" boolean, "pausedReason" text, "windowStartMinute" int, "windowEndMinute" int, "maxPer15Min" int, "maxPerDay" int,
  "maxRetries" int, "retryGapHours" int, "maxConcurrent" int, "consentRequiredFor" text[],
  "dnc" boolean, "c15" int, "o15" float8, "today" int, "live" int, "lastDial" float8, "n24" int, "o24" float8,
  "retries" int, "debt" float8[], "conv" float8
)
LANGUAGE plpgsql STABLE SECURITY INVOKER
-- Planning this statement costs ~5x its execution (about 2.5 ms against 0.5 ms), and plpgsql kept
-- choosing custom plans; the generic plan is the same index lookups and is made once per connection.
SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
DECLARE
  v_now timestamp(3) := to_timestamp(p_now_ms / 1000.0) AT TIME ZONE 'UTC';
  v_15 timestamp(3) := v_now - interval '15 minutes';
  v_24h timestamp(3) := v_now - interval '24 hours';
  v_7d timestamp(3) := v_now - interval '7 days';
BEGIN
  RETURN QUERY
  SELECT t.id, t."campaignId", t."subjectType"::text, t."subjectId", t.attempt, t.kind, t.phone,
         t."invoiceId", t.simulated, c.type::text, c."workflowId", c."workflowVersionId",
         k.timezone, k."timezoneSource"::text, k.country, k.region, k."doNotCall", k."consentStatus"::text,
         n.timezone, n.country,
         o.paused, o."pausedReason", o."windowStartMinute", o."windowEndMinute", o."maxPer15Min", o."maxPerDay",
         o."maxRetries", o."retryGapHours", o."maxConcurrent", o."consentRequiredFor"::text[],
         EXISTS (SELECT 1 FROM "DoNotCallEntry" d WHERE d."tenantId" = p_tenant_id AND d.phone = t.phone),
         h15.n, extract(epoch FROM h15.oldest)::float8 * 1000,
         (SELECT count(*)::int FROM "CallTask" x WHERE x."tenantId" = p_tenant_id AND x."dialedAt" >= m.midnight AND x."dialedAt" <= v_now AND NOT x.simulated),
         (SELECT count(*)::int FROM "CallTask" x WHERE x."tenantId" = p_tenant_id AND x.state IN ('dispatching', 'dialing') AND x.id <> t.id AND NOT x.simulated),
         (SELECT extract(epoch FROM max(x."dialedAt"))::float8 * 1000 FROM "CallTask" x
           WHERE x."tenantId" = p_tenant_id AND x.phone = t.phone AND x."dialedAt" <= v_now AND NOT x.simulated),
         h24.n, extract(epoch FROM h24.oldest)::float8 * 1000,
         (SELECT count(*)::int FROM "CallTask" x WHERE x."campaignId" = t."campaignId" AND x."subjectType" = t."subjectType"
             AND x."subjectId" = t."subjectId" AND x.attempt <= t.attempt AND x.kind = 'retry'),
         (SELECT array_agg(extract(epoch FROM y.d)::float8 * 1000 ORDER BY y.d DESC) FROM (
             SELECT x."dialedAt" AS d FROM "CallTask" x WHERE x."invoiceId" = t."invoiceId" AND x."dialedAt" >= v_7d AND x."dialedAt" <= v_now
                AND NOT x.simulated ORDER BY x."dialedAt" DESC LIMIT 7) y),
         (SELECT extract(epoch FROM COALESCE(x."endedAt", x."dialedAt"))::float8 * 1000 FROM "CallTask" x
           WHERE x."invoiceId" = t."invoiceId" AND x.conversation AND x."dialedAt" IS NOT NULL AND NOT x.simulated
           ORDER BY x."dialedAt" DESC LIMIT 1)
    FROM "CallTask" t
    JOIN "Campaign" c ON c.id = t."campaignId"
    JOIN "Contact" k ON k.id = t."contactId"
    JOIN "Tenant" n ON n.id = t."tenantId"
    LEFT JOIN "OutboundControl" o ON o."tenantId" = t."tenantId"
    -- The business's local midnight (the daily cap's reset), as a UTC wall time like the columns.
    CROSS JOIN LATERAL (SELECT (date_trunc('day', (v_now AT TIME ZONE 'UTC') AT TIME ZONE n.timezone) AT TIME ZONE n.timezone) AT TIME ZONE 'UTC' AS midnight) m
    CROSS JOIN LATERAL (SELECT count(*)::int AS n, min(x."dialedAt") AS oldest FROM "CallTask" x
                         WHERE x."tenantId" = p_tenant_id AND x."dialedAt" >= v_15 AND x."dialedAt" <= v_now AND NOT x.simulated) h15
    CROSS JOIN LATERAL (SELECT count(*)::int AS n, min(x."dialedAt") AS oldest FROM "CallTask" x
                         WHERE x."tenantId" = p_tenant_id AND x.phone = t.phone AND x."dialedAt" >= v_24h AND x."dialedAt" <= v_now AND NOT x.simulated) h24
   WHERE t.id = p_task_id AND t."tenantId" = p_tenant_id;
END $$;

REVOKE ALL ON FUNCTION guard_facts(text, text, float8) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guard_facts(text, text, float8) TO switchboard_app;

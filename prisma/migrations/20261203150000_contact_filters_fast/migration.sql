-- Contact list filters that are each common but rare together (issue #3, docs/performance.md
-- "Rare filter combinations"): overdue + tag "vip" (0.07% of a million contacts), do-not-call +
-- upcoming appointment, a rare tag or source on its own. The list walked the name (or date) index
-- and tested each contact, reading tens of thousands of rows for a page of 50, because under
-- row-level security the tag test (`@>`, not leakproof) cannot use its GIN index.
-- Nothing here is a Prisma model change: one index and one function.

-- One GIN index over every list filter (btree_gin, migration 20261122010000_contacts): a query
-- naming several filters intersects their entries inside the index, so only the matching
-- contacts are read from the table. Replaces the ("tenantId", tags) index, which it contains.
CREATE INDEX "Contact_list_filters_idx" ON "Contact" USING gin ("tenantId", tags, source, "doNotCall", "latestAppointmentAt", "oldestUnpaidDueDate");
DROP INDEX "Contact_tags_idx";

-- One page of the filtered list, as ids in page order, when the filtered set is small; a single
-- row (NULL, 0) when it is not (the caller then walks the sort index under row-level security,
-- which is fast for a large set: a page is found after a few thousand rows).
-- "Small": PostgreSQL's own estimate of the set (EXPLAIN, statistics kept by ANALYZE) is at most
-- `max_estimate`, and the set really has at most `max_rows` (counted while reading it, so a
-- wrong estimate costs at most `max_rows` rows before the walk takes over).
-- VOLATILE only because it runs EXPLAIN (it writes nothing).
-- SECURITY DEFINER so the GIN index may be used (the tag, source and date tests are not all
-- leakproof); the tenant condition comes from app.tenant_id, never from an argument, and only
-- ids come back: the caller reads the rows themselves under row-level security.
-- Filters: NULL = not filtered. `after`: the keyset cursor (name: family, given, id; dates: the
-- timestamp as text, id).
CREATE FUNCTION contact_filter_page(
  tag text, do_not_call boolean, source text, upcoming boolean, overdue boolean,
  sort text, descending boolean, after text[], page_size int, max_estimate int, max_rows int
) RETURNS TABLE (id text, pos int)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public
-- Bitmap scans only: the set is collected whole (the GIN index, or for the dates the
-- ("tenantId", "oldestUnpaidDueDate", "latestAppointmentAt") btree), never by walking an index
-- and testing rows, which is the caller's plan. No parallel workers for a few thousand rows.
SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off
SET max_parallel_workers_per_gather = 0 AS $$
DECLARE
  t text := app_tenant_id();
  today date;
  conds text;
  keys text;
  ord text;
  op text := CASE WHEN descending THEN '<' ELSE '>' END;
  dir text := CASE WHEN descending THEN ' DESC' ELSE '' END;
  plan json;
  tenant_share float8;
BEGIN
  IF t IS NULL OR sort NOT IN ('name', 'createdAt', 'updatedAt') THEN RETURN; END IF;
  -- Today in the business's calendar, as the list's overdue filter counts it (server/contacts/search.ts).
  SELECT (now() AT TIME ZONE tn.timezone)::date INTO today FROM "Tenant" tn WHERE tn.id = t;
  conds := format('c."tenantId" = %L', t);
  -- The "true" forms may drive the GIN index; the "false" forms are most contacts and are
  -- written so they only filter (IS NOT TRUE, OR) instead of reading a huge entry.
  IF tag IS NOT NULL THEN conds := conds || format(' AND c.tags @> ARRAY[%L]::text[]', tag); END IF;
  IF source IS NOT NULL THEN conds := conds || format(' AND c.source = %L', source); END IF;
  IF do_not_call THEN conds := conds || ' AND c."doNotCall" = true';
  ELSIF NOT do_not_call THEN conds := conds || ' AND c."doNotCall" IS NOT TRUE'; END IF;
  IF upcoming THEN conds := conds || ' AND c."latestAppointmentAt" >= now()';
  ELSIF NOT upcoming THEN conds := conds || ' AND (c."latestAppointmentAt" IS NULL OR c."latestAppointmentAt" < now())'; END IF;
  IF overdue THEN conds := conds || format(' AND c."oldestUnpaidDueDate" < %L::date', today);
  ELSIF NOT overdue THEN conds := conds || format(' AND (c."oldestUnpaidDueDate" IS NULL OR c."oldestUnpaidDueDate" >= %L::date)', today); END IF;
  IF sort = 'name' THEN
    keys := 'c."familyName", c."givenName", c.id';
    ord := format('s."familyName"%1$s, s."givenName"%1$s, s.id%1$s', dir);
    IF cardinality(after) = 3 THEN
      conds := conds || format(' AND (c."familyName", c."givenName", c.id) %s (%L, %L, %L)', op, after[1], after[2], after[3]);
    END IF;
  ELSE
    keys := format('c.%I AS k, c.id', sort);
    ord := format('s.k%1$s, s.id%1$s', dir);
    IF cardinality(after) = 2 THEN
      conds := conds || format(' AND (c.%I, c.id) %s (%L::timestamp(3), %L)', sort, op, after[1], after[2]);
    END IF;
  END IF;
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT c.id FROM "Contact" c WHERE ' || conds INTO plan;
  -- A tag missing from ANALYZE's list of common tags is estimated at half the rarest listed one,
  -- which says nothing about it (a tag nobody has was judged 10,000 contacts at a million and
  -- walked the whole business): such a tag is tried as a set, bounded by max_rows.
  IF (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8 > max_estimate AND (tag IS NULL OR EXISTS (
      SELECT 1 FROM pg_stats s WHERE s.schemaname = 'public' AND s.tablename = 'Contact' AND s.attname = 'tags'
        AND tag = ANY (s.most_common_elems::text::text[]))) THEN
    RETURN QUERY SELECT NULL::text, 0;
    RETURN;
  END IF;
  -- A business holding most of the contacts (a self-hosted install is one business): its
  -- "tenantId" entry lists nearly every row, and intersecting it costs the GIN scan two to three
  -- times what the filters' own entries do while removing almost nothing. The tenant is then
  -- checked on the rows read instead (`|| ''` keeps the condition out of the index). Not for
  -- overdue + upcoming, which the ("tenantId", "oldestUnpaidDueDate", "latestAppointmentAt")
  -- btree answers faster (it needs the tenant condition).
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM "Contact" c WHERE c."tenantId" = %L', t) INTO plan;
  SELECT (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8 / greatest(k.reltuples, 1) INTO tenant_share
  FROM pg_class k WHERE k.oid = '"Contact"'::regclass;
  IF tenant_share >= 0.5 AND NOT (coalesce(overdue, false) AND coalesce(upcoming, false)) THEN
    conds := format('c."tenantId" || '''' = %L', t) || substr(conds, length(format('c."tenantId" = %L', t)) + 1);
  END IF;
  RETURN QUERY EXECUTE format(
    'WITH s AS MATERIALIZED (SELECT %s FROM "Contact" c WHERE %s LIMIT %s),
          n AS (SELECT count(*) > %s AS over FROM s)
     SELECT NULL::text, 0 FROM n WHERE n.over
     UNION ALL
     SELECT p.id, p.pos::int FROM (SELECT s.id, row_number() OVER (ORDER BY %s) AS pos FROM s) p, n
     WHERE NOT n.over AND p.pos <= %s',
    keys, conds, max_rows + 1, max_rows, ord, page_size);
END $$;

REVOKE ALL ON FUNCTION contact_filter_page(text, boolean, text, boolean, boolean, text, boolean, text[], int, int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_filter_page(text, boolean, text, boolean, boolean, text, boolean, text[], int, int, int) TO switchboard_app;

-- A search with narrowing filters ("a" among do-not-call contacts with an upcoming appointment,
-- issue #3, docs/performance.md "Search with filters"): contact_filter_page collected the
-- filtered set's ids, then the search fetched every one of those contacts again by id (1,169 at
-- a million contacts) to test a name prefix. contact_filter_search tests the prefix while it
-- reads the set, and only the matches (at most a page per key) come back.
-- Both functions build their filter conditions in contact_filter_conditions, so the filters,
-- the estimate rule and the tenant rewrite are written once. Nothing here changes a Prisma model.

-- The WHERE clause for the filters, or NULL when PostgreSQL's estimate of the set is above
-- `max_estimate` (see contact_filter_page, migration 20261203150000_contact_filters_fast).
-- `extra`: a further condition (a keyset cursor), part of the estimate. Runs as its caller, a
-- SECURITY DEFINER function that passes the tenant from app.tenant_id.
CREATE FUNCTION contact_filter_conditions(
  t text, tag text, do_not_call boolean, source text, upcoming boolean, overdue boolean, extra text, max_estimate int
) RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = public AS $$
DECLARE
  today date;
  conds text;
  plan json;
  tenant_share float8;
BEGIN
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
  IF extra IS NOT NULL THEN conds := conds || ' AND ' || extra; END IF;
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT c.id FROM "Contact" c WHERE ' || conds INTO plan;
  -- A tag missing from ANALYZE's list of common tags is estimated at half the rarest listed one,
  -- which says nothing about it (a tag nobody has was judged 10,000 contacts at a million and
  -- walked the whole business): such a tag is tried as a set, bounded by the caller's max_rows.
  IF (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8 > max_estimate AND (tag IS NULL OR EXISTS (
      SELECT 1 FROM pg_stats s WHERE s.schemaname = 'public' AND s.tablename = 'Contact' AND s.attname = 'tags'
        AND tag = ANY (s.most_common_elems::text::text[]))) THEN
    RETURN NULL;
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
  RETURN conds;
END $$;

REVOKE ALL ON FUNCTION contact_filter_conditions(text, text, boolean, text, boolean, boolean, text, int) FROM PUBLIC;

-- Unchanged behaviour; the conditions now come from contact_filter_conditions.
CREATE OR REPLACE FUNCTION contact_filter_page(
  tag text, do_not_call boolean, source text, upcoming boolean, overdue boolean,
  sort text, descending boolean, after text[], page_size int, max_estimate int, max_rows int
) RETURNS TABLE (id text, pos int)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public
SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off
SET max_parallel_workers_per_gather = 0 AS $$
DECLARE
  t text := app_tenant_id();
  conds text;
  cursor_cond text;
  keys text;
  ord text;
  op text := CASE WHEN descending THEN '<' ELSE '>' END;
  dir text := CASE WHEN descending THEN ' DESC' ELSE '' END;
BEGIN
  IF t IS NULL OR sort NOT IN ('name', 'createdAt', 'updatedAt') THEN RETURN; END IF;
  IF sort = 'name' THEN
    keys := 'c."familyName", c."givenName", c.id';
    ord := format('s."familyName"%1$s, s."givenName"%1$s, s.id%1$s', dir);
    IF cardinality(after) = 3 THEN
      cursor_cond := format('(c."familyName", c."givenName", c.id) %s (%L, %L, %L)', op, after[1], after[2], after[3]);
    END IF;
  ELSE
    keys := format('c.%I AS k, c.id', sort);
    ord := format('s.k%1$s, s.id%1$s', dir);
    IF cardinality(after) = 2 THEN
      cursor_cond := format('(c.%I, c.id) %s (%L::timestamp(3), %L)', sort, op, after[1], after[2]);
    END IF;
  END IF;
  conds := contact_filter_conditions(t, tag, do_not_call, source, upcoming, overdue, cursor_cond, max_estimate);
  IF conds IS NULL THEN
    RETURN QUERY SELECT NULL::text, 0;
    RETURN;
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

-- The contacts passing the filters whose search keys start with `prefix` (lower case), read with
-- the filtered set, when that set is small (as contact_filter_page decides): for each key asked
-- for in `keys` (0 "given family company", 1 "family given", 2 company, 3 e-mail: the order of
-- NAME_KEYS in server/contacts/search.ts), the first `per_key` in "C" order, as
-- (id, key, position from 1). A single row (NULL, 0, 0) when the set is large: the caller then
-- walks the prefix indexes. SECURITY DEFINER like contact_filter_page, for the same reasons;
-- only ids come back, and the caller reads the rows under row-level security.
CREATE FUNCTION contact_filter_search(
  tag text, do_not_call boolean, source text, upcoming boolean, overdue boolean,
  prefix text, keys int[], per_key int, max_estimate int, max_rows int
) RETURNS TABLE (id text, key int, pos int)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public
SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off
SET max_parallel_workers_per_gather = 0 AS $$
DECLARE
  t text := app_tenant_id();
  conds text;
BEGIN
  IF t IS NULL THEN RETURN; END IF;
  conds := contact_filter_conditions(t, tag, do_not_call, source, upcoming, overdue, NULL, max_estimate);
  IF conds IS NULL THEN
    RETURN QUERY SELECT NULL::text, 0, 0;
    RETURN;
  END IF;
  RETURN QUERY EXECUTE format(
    'WITH s AS MATERIALIZED (
            SELECT c.id, c."searchName" COLLATE "C" AS k0, c."searchFamilyFirst" COLLATE "C" AS k1,
                   c."searchCompany" COLLATE "C" AS k2, c.email COLLATE "C" AS k3
            FROM "Contact" c WHERE %s LIMIT %s),
          n AS (SELECT count(*) > %s AS over FROM s),
          m AS (SELECT s.id, k.key, k.value FROM s
                CROSS JOIN LATERAL (VALUES (0, s.k0), (1, s.k1), (2, s.k2), (3, s.k3)) k(key, value)
                WHERE k.key = ANY ($2) AND starts_with(k.value, $1))
     SELECT NULL::text, 0, 0 FROM n WHERE n.over
     UNION ALL
     SELECT p.id, p.key, p.pos::int
     FROM (SELECT m.id, m.key, row_number() OVER (PARTITION BY m.key ORDER BY m.value, m.id) AS pos FROM m) p, n
     WHERE NOT n.over AND p.pos <= $3',
    conds, max_rows + 1, max_rows) USING prefix, keys, per_key;
END $$;

REVOKE ALL ON FUNCTION contact_filter_search(text, boolean, text, boolean, boolean, text, int[], int, int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_filter_search(text, boolean, text, boolean, boolean, text, int[], int, int, int) TO switchboard_app;

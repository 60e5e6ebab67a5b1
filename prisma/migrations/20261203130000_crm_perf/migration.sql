-- Contact list filters at a million contacts (issue #3, docs/performance.md): "has upcoming
-- appointment" and "has overdue balance" together probed ~17,000 contacts per page (90-120 ms).
-- Each contact now carries two facts kept by statement triggers on "Appointment" and "Invoice",
-- chosen so that they need no job when time passes:
--   * "latestAppointmentAt": the start of its latest non-cancelled appointment. A contact has an
--     upcoming appointment exactly when that is now or later; when it passes, the filter follows.
--   * "oldestUnpaidDueDate": the earliest due date of its invoices with money still owed (open,
--     overdue, partially paid; amount due > 0). It owes an overdue balance exactly when that is
--     before today in the business's timezone, so "overdue follows the due date" on its own.
-- The Prisma part first, then what Prisma cannot express.

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "latestAppointmentAt" TIMESTAMPTZ(3),
ADD COLUMN     "oldestUnpaidDueDate" DATE;

-- CreateIndex
CREATE INDEX "Contact_tenantId_oldestUnpaidDueDate_latestAppointmentAt_idx" ON "Contact"("tenantId", "oldestUnpaidDueDate", "latestAppointmentAt");


-- Recomputes both facts for the given contacts from their rows (two index probes each:
-- ("contactId", "startsAt") and ("contactId")), writing only what changed, so a statement that
-- does not change them (the nightly open -> overdue job, a note edit) costs no Contact update.
-- SECURITY DEFINER: kept whoever writes (app role under row-level security, jobs, imports).
CREATE FUNCTION contact_activity_refresh(contact_ids text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE "Contact" c
  SET "latestAppointmentAt" = f.latest, "oldestUnpaidDueDate" = f.oldest
  FROM (
    SELECT x.id,
      (SELECT max(a."startsAt") FROM "Appointment" a WHERE a."contactId" = x.id AND a.status <> 'cancelled') AS latest,
      (SELECT min(i."dueDate") FROM "Invoice" i
        WHERE i."contactId" = x.id AND i.status IN ('open', 'overdue', 'partially_paid') AND i."amountDue" > 0) AS oldest
    FROM (SELECT DISTINCT u.id FROM unnest(contact_ids) AS u(id) WHERE u.id IS NOT NULL) x
  ) f
  WHERE c.id = f.id
    AND (c."latestAppointmentAt" IS DISTINCT FROM f.latest OR c."oldestUnpaidDueDate" IS DISTINCT FROM f.oldest)
$$;

-- One call per statement (transition tables), not per row: a 50,000-row seed or a campaign's
-- bulk insert pays one set-based update. Updates count only when a column the facts depend on
-- changed (contact, start, status; due date, amount due).
CREATE FUNCTION appointment_contact_activity() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM contact_activity_refresh(ARRAY(SELECT n."contactId" FROM new_rows n WHERE n."contactId" IS NOT NULL AND n.status <> 'cancelled'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM contact_activity_refresh(ARRAY(SELECT o."contactId" FROM old_rows o WHERE o."contactId" IS NOT NULL));
  ELSE
    PERFORM contact_activity_refresh(ARRAY(
      SELECT unnest(ARRAY[o."contactId", n."contactId"]) FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o."contactId" IS DISTINCT FROM n."contactId" OR o."startsAt" <> n."startsAt" OR o.status <> n.status));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION invoice_contact_activity() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM contact_activity_refresh(ARRAY(SELECT n."contactId" FROM new_rows n
      WHERE n.status IN ('open', 'overdue', 'partially_paid') AND n."amountDue" > 0));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM contact_activity_refresh(ARRAY(SELECT o."contactId" FROM old_rows o));
  ELSE
    PERFORM contact_activity_refresh(ARRAY(
      SELECT unnest(ARRAY[o."contactId", n."contactId"]) FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o."contactId" IS DISTINCT FROM n."contactId" OR o."dueDate" <> n."dueDate" OR o."amountDue" <> n."amountDue"
        OR (o.status IN ('open', 'overdue', 'partially_paid')) <> (n.status IN ('open', 'overdue', 'partially_paid'))));
  END IF;
  RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION contact_activity_refresh(text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION appointment_contact_activity() FROM PUBLIC;
REVOKE ALL ON FUNCTION invoice_contact_activity() FROM PUBLIC;

CREATE TRIGGER appointment_contact_activity_insert AFTER INSERT ON "Appointment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION appointment_contact_activity();
CREATE TRIGGER appointment_contact_activity_update AFTER UPDATE ON "Appointment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION appointment_contact_activity();
CREATE TRIGGER appointment_contact_activity_delete AFTER DELETE ON "Appointment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION appointment_contact_activity();

CREATE TRIGGER invoice_contact_activity_insert AFTER INSERT ON "Invoice"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_contact_activity();
CREATE TRIGGER invoice_contact_activity_update AFTER UPDATE ON "Invoice"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_contact_activity();
CREATE TRIGGER invoice_contact_activity_delete AFTER DELETE ON "Invoice"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_contact_activity();

-- The facts for existing rows. Names do not change here, so the name-word trigger
-- (migration 20261203010000_contact_search_perf) is spared re-reading every updated contact.
ALTER TABLE "Contact" DISABLE TRIGGER contact_name_words_update;
UPDATE "Contact" c SET "latestAppointmentAt" = a.latest
FROM (SELECT "contactId", max("startsAt") AS latest FROM "Appointment"
      WHERE status <> 'cancelled' AND "contactId" IS NOT NULL GROUP BY "contactId") a
WHERE c.id = a."contactId";
UPDATE "Contact" c SET "oldestUnpaidDueDate" = i.oldest
FROM (SELECT "contactId", min("dueDate") AS oldest FROM "Invoice"
      WHERE status IN ('open', 'overdue', 'partially_paid') AND "amountDue" > 0 GROUP BY "contactId") i
WHERE c.id = i."contactId";
ALTER TABLE "Contact" ENABLE TRIGGER contact_name_words_update;


-- Knowledge search (issue #3): knowledge_search_candidates (migrations 20261123020000_knowledge,
-- 20261203010000_contact_search_perf) with the same signature and, for questions of up to twelve
-- words, the same results (top ten checked identical on the benchmark questions), cheaper per call:
--  * each candidate's tsvector ("search", ~1.4 kB, stored out of line in TOAST) is read once.
--    Before, the candidates were grouped by their tsvector (a sort comparing whole vectors) and
--    coverage ran one `@@` per question word, each fetching the vector from TOAST again
--    (2,700 of the 4,000 buffers of a long question);
--  * coverage is one ts_delete per candidate: the words it holds are the words deleting the
--    question's words removes;
--  * the "any heading" list ranks headings by how many of the question's words they hold, then
--    the shorter heading, instead of ts_rank_cd with an OR of up to a dozen words over every
--    matching heading (500 of them for a long question: half of its time);
--  * only the rarest twelve words rank headings and passages (a 60-word question cost 100 ms and
--    more); coverage still counts every word;
--  * the trigram list is skipped up front for long questions (the word count is decided once).
CREATE OR REPLACE FUNCTION knowledge_search_candidates(question text, max_rows int)
RETURNS TABLE (id text, coverage float8, "textScore" float8, "textRank" int, similarity float8, "similarityRank" int, score float8)
LANGUAGE sql STABLE SECURITY DEFINER
-- A handful of rows: the caller then looks passages up by id.
ROWS 10
SET search_path = public SET pg_trgm.word_similarity_threshold = 0.5
-- The GIN indexes must drive every lookup (for common words the planner would rather walk the
-- tenant's btree index and unpack every passage's tsvector).
SET enable_seqscan = off SET enable_indexscan = off AS $$
  WITH st AS (
    -- PostgreSQL's own lexeme statistics for the column (ANALYZE keeps them).
    SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs
    FROM pg_stats s WHERE s.schemaname = 'public' AND s.tablename = 'KnowledgePassage' AND s.attname = 'search'
  ),
  words AS MATERIALIZED (
    SELECT w.loose, w.terms,
      -- Long questions have words enough for full text; comparing them with every heading costs.
      array_length(regexp_split_to_array(btrim(question), '\s+'), 1) <= 6 AS short
    FROM (
      -- plainto_tsquery quotes every lexeme, so turning its ANDs into ORs is safe.
      SELECT nullif(replace(plainto_tsquery('english', question)::text, ' & ', ' | '), '')::tsquery AS loose,
             tsvector_to_array(to_tsvector('english', question)) AS terms
    ) w
  ),
  -- The question's words, rarest first: by the share of passages holding each (words missing
  -- from the statistics are rarer than any listed), then alphabetically.
  ranked AS MATERIALIZED (
    SELECT f.t, f.freq, row_number() OVER (ORDER BY f.freq, f.i) AS n
    FROM (SELECT u.t, u.i, coalesce(st.freqs[array_position(st.elems, u.t)], 0) AS freq
          FROM words w CROSS JOIN unnest(w.terms) WITH ORDINALITY AS u(t, i) LEFT JOIN st ON true) f
  ),
  q AS MATERIALIZED (
    SELECT w.terms, w.short,
      -- At most twelve words rank headings and passages (an OR of 30 words over every heading
      -- that holds one of them cost 100 ms): the rarest by the statistics, as below. Coverage
      -- still counts every word.
      CASE WHEN cardinality(w.terms) <= 12 THEN w.loose ELSE (
        SELECT string_agg('''' || replace(replace(r.t, '\', '\\'), '''', '''''') || '''', ' | ')::tsquery FROM ranked r WHERE r.n <= 12
      ) END AS loose,
      -- The "any word" lookup takes the question's rarer words only: the two rarest, and up to
      -- six in all of those in at most a fifth of the passages (two words or fewer, or no
      -- statistics: every word).
      CASE WHEN cardinality(w.terms) <= 2 OR NOT EXISTS (SELECT 1 FROM st) THEN w.loose ELSE (
        SELECT nullif(string_agg('''' || replace(replace(r.t, '\', '\\'), '''', '''''') || '''', ' | '), '')::tsquery
        FROM ranked r WHERE r.n <= 2 OR (r.n <= 6 AND r.freq <= 0.2)
      ) END AS any_loose
    FROM words w
  ),
  every_word AS (
    SELECT p.id, false AS in_heading, p.search FROM "KnowledgePassage" p
    WHERE p."tenantId" = app_tenant_id() AND p.search @@ plainto_tsquery('english', question)
    LIMIT 100
  ),
  -- The headings holding most of the question's words, the shortest first (small vectors).
  any_heading AS (
    SELECT p.id, true AS in_heading, p.search FROM "KnowledgePassage" p, q
    WHERE p."tenantId" = app_tenant_id() AND p."headingSearch" @@ q.loose
    ORDER BY length(p."headingSearch") - length(ts_delete(p."headingSearch", q.terms)) DESC, length(p."headingSearch"), p.id
    LIMIT 100
  ),
  any_word AS (
    SELECT p.id, false AS in_heading, p.search FROM "KnowledgePassage" p, q
    WHERE p."tenantId" = app_tenant_id() AND p.search @@ q.any_loose
    LIMIT 100
  ),
  -- Each candidate once (heading matches first, so in_heading holds when any list had it), its
  -- tsvector read from TOAST once: `|| ''` makes the in-memory copy the steps below share.
  loaded AS MATERIALIZED (
    SELECT DISTINCT ON (h.id) h.id, h.in_heading, h.search || ''::tsvector AS search
    FROM (SELECT * FROM every_word UNION ALL SELECT * FROM any_heading UNION ALL SELECT * FROM any_word) h
    ORDER BY h.id, h.in_heading DESC
  ),
  -- Coverage: the share of the question's words the passage holds.
  covered AS MATERIALIZED (
    SELECT l.id, l.in_heading, l.search,
      (length(l.search) - length(ts_delete(l.search, q.terms)))::float8 / greatest(cardinality(q.terms), 1) AS coverage
    FROM loaded l, q
  ),
  -- Cover density (~25 us a passage) only for the best 50 by coverage, heading matches first.
  fts AS MATERIALIZED (
    SELECT s.id, s.coverage, s.score, row_number() OVER (ORDER BY s.score DESC, s.id)::int AS rank
    FROM (
      SELECT c.id, c.coverage, c.coverage + ts_rank_cd(c.search, q.loose, 32) AS score
      FROM (SELECT * FROM covered ORDER BY coverage DESC, in_heading DESC, id LIMIT 50) c, q
    ) s
    ORDER BY s.score DESC, s.id
    LIMIT 50
  ),
  trgm AS (
    SELECT s.id, s.similarity, row_number() OVER (ORDER BY s.similarity DESC, s.id)::int AS rank
    FROM (
      SELECT p.id, word_similarity(lower(question), lower(p.heading))::float8 AS similarity
      FROM q, "KnowledgePassage" p
      WHERE q.short AND p."tenantId" = app_tenant_id() AND lower(question) <% lower(p.heading)
    ) s
    ORDER BY s.similarity DESC, s.id
    LIMIT 50
  )
  SELECT coalesce(f.id, g.id), f.coverage, f.score, f.rank, g.similarity, g.rank,
    ((coalesce(f.coverage / (60 + f.rank), 0) + coalesce(g.similarity / (60 + g.rank), 0)) / (2.0 / 61))::float8 AS score
  FROM fts f FULL JOIN trgm g ON g.id = f.id
  ORDER BY 7 DESC, 4 NULLS LAST, 1
  LIMIT max_rows
$$;

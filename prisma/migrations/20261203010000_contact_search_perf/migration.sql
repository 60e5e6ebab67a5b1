-- Contact typo search at a million contacts (issue #3, docs/performance.md): the distinct words
-- of a business's contact names and companies, kept by statement triggers on "Contact", so a
-- misspelt word is corrected against a few thousand words instead of trigram-matching a million
-- names. The Prisma part first, then what Prisma cannot express.

-- CreateTable
CREATE TABLE "ContactNameWord" (
    "tenantId" TEXT NOT NULL,
    "word" TEXT NOT NULL,

    CONSTRAINT "ContactNameWord_pkey" PRIMARY KEY ("tenantId","word")
);

-- AddForeignKey
ALTER TABLE "ContactNameWord" ADD CONSTRAINT "ContactNameWord_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Levenshtein distance for misspelt words (contrib, shipped with PostgreSQL).
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- Words by prefix ("mari" -> maria, mario) and by first letter, in "C" order; trigram lookup for
-- typos in the first letters.
CREATE INDEX "ContactNameWord_prefix_idx" ON "ContactNameWord" ("tenantId", "word" COLLATE "C");
CREATE INDEX "ContactNameWord_word_trgm_idx" ON "ContactNameWord" USING gin ("tenantId", "word" gin_trgm_ops) WITH (fastupdate = off);

-- One INSERT per statement (transition table), so a 100,000-row import pays one small insert,
-- not a trigger call per row. SECURITY DEFINER: the words are maintained whoever writes contacts.
CREATE FUNCTION contact_name_words_collect() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO "ContactNameWord" ("tenantId", "word")
  SELECT DISTINCT n."tenantId", w.word
  FROM contact_rows n CROSS JOIN LATERAL regexp_split_to_table(n."searchName", '\s+') AS w(word)
  WHERE w.word <> '' AND length(w.word) <= 60
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER contact_name_words_insert AFTER INSERT ON "Contact"
  REFERENCING NEW TABLE AS contact_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_name_words_collect();
CREATE TRIGGER contact_name_words_update AFTER UPDATE ON "Contact"
  REFERENCING NEW TABLE AS contact_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_name_words_collect();

INSERT INTO "ContactNameWord" ("tenantId", "word")
SELECT DISTINCT c."tenantId", w.word
FROM "Contact" c CROSS JOIN LATERAL regexp_split_to_table(c."searchName", '\s+') AS w(word)
WHERE w.word <> '' AND length(w.word) <= 60
ON CONFLICT DO NOTHING;

-- For each typed word, the business's words it may stand for: those it begins (a partial word),
-- those a trigram lookup finds similar, and those with the same first letter within two edits
-- (transposed letters, "jmaes", defeat trigrams). At most `max_per_word` of each kind; the
-- caller ranks them. SECURITY DEFINER because `%` is not leakproof and could not use its index
-- under row-level security: the tenant condition comes from app.tenant_id, never an argument.
CREATE FUNCTION contact_word_candidates(typed text[], max_per_word int)
RETURNS TABLE (typed_word text, word text, kind text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT t.w, m.word, m.kind
  FROM unnest(typed) AS t(w)
  CROSS JOIN LATERAL (
    (SELECT k.word, 'prefix' AS kind FROM "ContactNameWord" k
      WHERE k."tenantId" = app_tenant_id() AND k.word COLLATE "C" >= t.w AND k.word COLLATE "C" < t.w || U&'\+10FFFF'
      ORDER BY k.word COLLATE "C" LIMIT max_per_word)
    UNION ALL
    (SELECT k.word, 'trigram' FROM "ContactNameWord" k
      WHERE k."tenantId" = app_tenant_id() AND k.word % t.w
      ORDER BY similarity(k.word, t.w) DESC LIMIT max_per_word)
    UNION ALL
    (SELECT k.word, 'edit' FROM "ContactNameWord" k
      WHERE k."tenantId" = app_tenant_id() AND length(t.w) >= 3
        AND k.word COLLATE "C" >= left(t.w, 1) AND k.word COLLATE "C" < left(t.w, 1) || U&'\+10FFFF'
        AND abs(length(k.word) - length(t.w)) <= 2 AND levenshtein_less_equal(k.word, t.w, 2) <= 2
      LIMIT max_per_word)
  ) m
$$;

REVOKE ALL ON FUNCTION contact_word_candidates(text[], int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_word_candidates(text[], int) TO switchboard_app;

-- Row-level security: the words are the business's own.
GRANT SELECT, INSERT, UPDATE, DELETE ON "ContactNameWord" TO switchboard_app;

ALTER TABLE "ContactNameWord" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ContactNameWord" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());


-- CSV import (issue #3): the contacts a batch of rows matches, by external id, phone (either
-- slot) or e-mail, whole, in one call. A function, planned generically, because the business
-- being imported into has no planner statistics yet: a query naming its tenant is estimated at
-- one row, and PostgreSQL then read the business's whole name index for every lookup (each batch
-- slower than the one before; twice the 15 s budget at 100,000 rows). With the tenant a
-- parameter of a generic plan the (tenantId, phone / email) indexes and the primary key are used.
-- SECURITY DEFINER applies the tenant condition itself, from app.tenant_id, like the search
-- functions of migration 20261122010000_contacts.
CREATE FUNCTION contact_import_matches(ext_source text, ext_ids text[], phones text[], emails text[])
RETURNS TABLE (kind int, key text, id text, "givenName" text, "familyName" text, "phone" text, "phoneExtension" text, "altPhone" text, "email" text, "company" text, "title" text, "addressLine1" text, "addressLine2" text, "city" text, "region" text, "postalCode" text, "country" text, "timezone" text, "tags" text[], "notes" text, "source" text, "consentStatus" "ConsentStatus", "consentSource" text, "consentAt" timestamp(3), "doNotCall" boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  t text := app_tenant_id();
BEGIN
  IF t IS NULL THEN RETURN; END IF;
  RETURN QUERY
    SELECT m.kind, m.key, c.id, c."givenName", c."familyName", c."phone", c."phoneExtension", c."altPhone", c."email", c."company", c."title", c."addressLine1", c."addressLine2", c."city", c."region", c."postalCode", c."country", c."timezone", c."tags", c."notes", c."source", c."consentStatus", c."consentSource", c."consentAt", c."doNotCall"
    FROM (
      SELECT 0 AS kind, x."externalId" AS key, x."contactId" AS cid FROM "ContactExternalId" x
        WHERE x."tenantId" = t AND x.source = ext_source AND x."externalId" = ANY (ext_ids)
      UNION ALL SELECT 1, c1.phone, c1.id FROM "Contact" c1 WHERE c1."tenantId" = t AND c1.phone = ANY (phones)
      UNION ALL SELECT 2, c2."altPhone", c2.id FROM "Contact" c2 WHERE c2."tenantId" = t AND c2."altPhone" = ANY (phones)
      UNION ALL SELECT 3, c3.email, c3.id FROM "Contact" c3 WHERE c3."tenantId" = t AND c3.email = ANY (emails)
    ) m JOIN "Contact" c ON c.id = m.cid AND c."tenantId" = t
    ORDER BY m.kind;
END $$;

REVOKE ALL ON FUNCTION contact_import_matches(text, text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_import_matches(text, text[], text[], text[]) TO switchboard_app;

-- Knowledge search (issue #3): the "any word" lookup of knowledge_search_candidates (migration
-- 20261123020000_knowledge) drops the question's most common words. Same signature and result.
CREATE OR REPLACE FUNCTION knowledge_search_candidates(question text, max_rows int)
RETURNS TABLE (id text, coverage float8, "textScore" float8, "textRank" int, similarity float8, "similarityRank" int, score float8)
LANGUAGE sql STABLE SECURITY DEFINER
-- A handful of rows: the caller then looks passages up by id (the default estimate, 1,000,
-- makes the planner hash the whole tenant's passages instead).
ROWS 10
SET search_path = public SET pg_trgm.word_similarity_threshold = 0.5
-- The GIN indexes must drive every lookup. For common words the planner prefers walking the
-- tenant's btree index (or the table) and testing each row, which reads and unpacks every
-- passage's tsvector: 10-40 ms at 10,000 passages against 1-3 ms through the GIN index.
SET enable_seqscan = off SET enable_indexscan = off AS $$
  WITH st AS (
    -- PostgreSQL's own lexeme statistics for the column (ANALYZE keeps them): the share of
    -- passages holding each common word.
    SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs
    FROM pg_stats s WHERE s.schemaname = 'public' AND s.tablename = 'KnowledgePassage' AND s.attname = 'search'
  ),
  q AS MATERIALIZED (
    SELECT w.loose, w.terms,
      -- One tsquery per word, to count the words a passage holds with @@ (no array building).
      ARRAY(SELECT ('''' || replace(replace(t, '\', '\\'), '''', '''''') || '''')::tsquery FROM unnest(w.terms) t) AS term_queries,
      -- The "any word" lookup takes the question's rarer words only: the two rarest, and up to
      -- six in all of those in at most a fifth of the passages. An OR of a dozen common words
      -- made the GIN lookup build bitmaps of most of the table; passages holding only common
      -- words still come through "every word" and "any heading", and coverage counts every word.
      -- Two words or fewer, or no statistics (a table never analysed): every word, as before.
      CASE WHEN cardinality(w.terms) <= 2 OR NOT EXISTS (SELECT 1 FROM st) THEN w.loose ELSE (
        SELECT nullif(string_agg('''' || replace(replace(r.t, '\', '\\'), '''', '''''') || '''', ' | '), '')::tsquery
        FROM (
          SELECT f.t, f.freq, row_number() OVER (ORDER BY f.freq, f.i) AS n
          FROM (SELECT u.t, u.i, coalesce(st.freqs[array_position(st.elems, u.t)], 0) AS freq
                FROM unnest(w.terms) WITH ORDINALITY AS u(t, i) CROSS JOIN st) f
        ) r
        WHERE r.n <= 2 OR (r.n <= 6 AND r.freq <= 0.2)
      ) END AS any_loose
    FROM (
      -- plainto_tsquery quotes every lexeme, so turning its ANDs into ORs is safe.
      SELECT nullif(replace(plainto_tsquery('english', question)::text, ' & ', ' | '), '')::tsquery AS loose,
             tsvector_to_array(to_tsvector('english', question)) AS terms
    ) w
  ),
  every_word AS (
    SELECT p.id, p.search, false AS in_heading FROM "KnowledgePassage" p
    WHERE p."tenantId" = app_tenant_id() AND p.search @@ plainto_tsquery('english', question)
    LIMIT 100
  ),
  any_heading AS (
    SELECT p.id, p.search, true AS in_heading FROM "KnowledgePassage" p, q
    WHERE p."tenantId" = app_tenant_id() AND p."headingSearch" @@ q.loose
    -- The headings that best match (small vectors: cheap to rank all), not any 100 of them.
    ORDER BY ts_rank_cd(p."headingSearch", q.loose) DESC, p.id
    LIMIT 100
  ),
  any_word AS (
    SELECT p.id, p.search, false AS in_heading FROM "KnowledgePassage" p, q
    WHERE p."tenantId" = app_tenant_id() AND p.search @@ q.any_loose
    LIMIT 100
  ),
  -- Coverage first, cover density only for the best 50 (it costs ~25 µs a passage).
  covered AS MATERIALIZED (
    SELECT h.id, h.search, bool_or(h.in_heading) AS in_heading,
      (SELECT count(*) FROM unnest(q.term_queries) tq WHERE h.search @@ tq)::float8 / greatest(cardinality(q.terms), 1) AS coverage
    FROM (SELECT * FROM every_word UNION ALL SELECT * FROM any_heading UNION ALL SELECT * FROM any_word) h, q
    GROUP BY h.id, h.search, q.term_queries, q.terms
  ),
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
      FROM "KnowledgePassage" p
      WHERE p."tenantId" = app_tenant_id() AND lower(question) <% lower(p.heading)
        -- Long questions have words enough for full text, and comparing them with every heading costs.
        AND array_length(regexp_split_to_array(btrim(question), '\s+'), 1) <= 6
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

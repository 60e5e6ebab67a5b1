-- Knowledge base (issue #3): articles and Q&A pairs, split into passages for search.
-- The tables as `prisma migrate diff` writes them, then by hand what Prisma cannot express: the
-- generated full-text column, GIN and trigram indexes, row-level security, grants.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- CreateEnum
CREATE TYPE "KnowledgeKind" AS ENUM ('article', 'qa');

-- CreateEnum
CREATE TYPE "KnowledgeSource" AS ENUM ('manual', 'upload');

-- CreateTable
CREATE TABLE "KnowledgeArticle" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "KnowledgeKind" NOT NULL DEFAULT 'article',
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "source" "KnowledgeSource" NOT NULL DEFAULT 'manual',
    "fileName" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KnowledgeArticle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgePassage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "articleId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "heading" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "KnowledgePassage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KnowledgeArticle_tenantId_updatedAt_idx" ON "KnowledgeArticle"("tenantId", "updatedAt");

-- CreateIndex
CREATE INDEX "KnowledgePassage_tenantId_idx" ON "KnowledgePassage"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgePassage_articleId_ordinal_key" ON "KnowledgePassage"("articleId", "ordinal");

-- AddForeignKey
ALTER TABLE "KnowledgeArticle" ADD CONSTRAINT "KnowledgeArticle_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgePassage" ADD CONSTRAINT "KnowledgePassage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgePassage" ADD CONSTRAINT "KnowledgePassage_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Full-text search. Generated, so no write path can forget it. The heading (article title and
-- section headings, or a Q&A question) weighs A, the text B. 'english' stems "opening" and
-- "opens" to one lexeme; a business in another language would want its own configuration
-- (a later change: the configuration must be a constant for a generated column).
ALTER TABLE "KnowledgePassage" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', "heading"), 'A') || setweight(to_tsvector('english', "text"), 'B')
) STORED;

-- The heading alone, so a lookup can find the passages *about* a word among thousands that
-- merely use it (see every_heading below).
ALTER TABLE "KnowledgePassage" ADD COLUMN "headingSearch" tsvector GENERATED ALWAYS AS (
  to_tsvector('english', "heading")
) STORED;

-- Indexes lead with tenantId (btree_gin) so a business's search never touches another's rows.
-- fastupdate off: new passages go straight into the index instead of a pending list that every
-- search scans linearly until the next vacuum (after a 2,000-passage upload that tripled search
-- time). Passages are written seldom and read on every call, so the slower insert is the right trade.
CREATE INDEX "KnowledgePassage_search_idx" ON "KnowledgePassage" USING gin ("tenantId", "search") WITH (fastupdate = off);
CREATE INDEX "KnowledgePassage_headingSearch_idx" ON "KnowledgePassage" USING gin ("tenantId", "headingSearch") WITH (fastupdate = off);
-- Trigram similarity on headings catches short and misspelled questions ("opning hours") that
-- stemming cannot; see server/knowledge/search.ts.
CREATE INDEX "KnowledgePassage_heading_trgm_idx" ON "KnowledgePassage" USING gin ("tenantId", lower("heading") gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX "KnowledgeArticle_tags_idx" ON "KnowledgeArticle" USING gin ("tenantId", "tags");

-- Under row-level security PostgreSQL only drives an index with a leakproof operator, and
-- neither `@@` nor the trigram `<%` is one: through RLS both searches would read every passage
-- of the business (35 ms at 10,000 passages instead of 2). As for contacts (migration
-- 20261122010000_contacts), the lookup runs in a SECURITY DEFINER function that applies the
-- tenant condition itself (from the transaction's app.tenant_id, never from an argument) and
-- returns only passage ids and scores; the caller reads the passages through RLS as usual.
--
-- Ranking (documented with the caller, server/knowledge/search.ts):
--  * full text: the question as an OR of its stemmed words; candidates are passages holding all
--    of them, passages with any of them in the heading, and passages holding any, at most 100
--    of each (scoring reads each candidate's whole tsvector: all 4,000 passages that say
--    "hours" would cost tens of milliseconds). Each gets its coverage (share of the question's
--    words it holds); the best 50 by coverage (heading matches first on ties) are scored
--    coverage + ts_rank_cd(search, query, 32).
--  * trigram (questions of up to 6 words): word_similarity of the question to the heading
--    >= 0.5 (the SET below).
--  * fusion: Reciprocal Rank Fusion weighted by each list's evidence, K = 60:
--      (coverage / (60 + text rank) + similarity / (60 + similarity rank)) / (2 / 61)
CREATE FUNCTION knowledge_search_candidates(question text, max_rows int)
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
  WITH q AS MATERIALIZED (
    SELECT w.loose, w.terms,
      -- One tsquery per word, to count the words a passage holds with @@ (no array building).
      ARRAY(SELECT ('''' || replace(replace(t, '\', '\\'), '''', '''''') || '''')::tsquery FROM unnest(w.terms) t) AS term_queries
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
    WHERE p."tenantId" = app_tenant_id() AND p.search @@ q.loose
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

REVOKE ALL ON FUNCTION knowledge_search_candidates(text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION knowledge_search_candidates(text, int) TO switchboard_app;

-- Row-level security: every table is the business's own.
GRANT SELECT, INSERT, UPDATE, DELETE ON "KnowledgeArticle", "KnowledgePassage" TO switchboard_app;

ALTER TABLE "KnowledgeArticle" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "KnowledgeArticle" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "KnowledgePassage" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "KnowledgePassage" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

-- Knowledge search (issue #3): knowledge_search_candidates as in
-- 20261203180000_knowledge_fewer_candidates, except that the "any word" list is read only when
-- "every word" found fewer than its 50. Its candidates hold fewer of the question's words, so
-- they cannot outrank 50 that hold them all: coverage orders the candidates first. For questions
-- of common words ("what are your opening hours": 820 passages hold every word) that skips a
-- GIN bitmap of thousands of passages and 50 vectors read from TOAST: 10.3 -> 7.8 ms median
-- for that question in psql on the 10,000-passage benchmark business, top five unchanged.
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
    LIMIT 50
  ),
  -- The headings holding most of the question's words, the shortest first (small vectors).
  any_heading AS (
    SELECT p.id, true AS in_heading, p.search FROM "KnowledgePassage" p, q
    WHERE p."tenantId" = app_tenant_id() AND p."headingSearch" @@ q.loose
    ORDER BY length(p."headingSearch") - length(ts_delete(p."headingSearch", q.terms)) DESC, length(p."headingSearch"), p.id
    LIMIT 50
  ),
  -- Only when "every word" did not fill its 50 (see the top).
  any_word AS (
    SELECT p.id, false AS in_heading, p.search FROM "KnowledgePassage" p, q
    WHERE (SELECT count(*) FROM every_word) < 50
      AND p."tenantId" = app_tenant_id() AND p.search @@ q.any_loose
    LIMIT 50
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


-- CSV import (issue #3): keep "Contact"'s planner statistics in step with an import's own rows.
--
-- An import writes all its batches in one transaction and looks each batch's keys up with
-- contact_import_matches (a generic plan). When the statistics say the table is empty or tiny
-- (never analysed, or analysed by autovacuum while an import's rows were still uncommitted),
-- every index looks as cheap as every other and the planner can walk an unrelated
-- tenant-leading index for each key: quadratic, an import of 100,000 rows sat for minutes.
-- The import calls this after its first batch, and again whenever it has written ten times what
-- the statistics count. When they count fewer than a tenth of the rows the import has written,
-- it runs ANALYZE, which inside the transaction samples the import's own uncommitted rows. The
-- new statistics invalidate the cached plan, so the next lookup is planned from them. That is
-- twice for 100,000 rows into a new database, and never on a table whose statistics are sound.
-- SECURITY DEFINER: ANALYZE needs the table's owner; the app role may only ask for it here.
CREATE FUNCTION contact_import_refresh_stats(written bigint) RETURNS float8
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  counted float8;
BEGIN
  SELECT c.reltuples INTO counted FROM pg_class c WHERE c.oid = '"Contact"'::regclass;
  IF counted * 10 < written THEN
    ANALYZE "Contact", "ContactExternalId";
    SELECT c.reltuples INTO counted FROM pg_class c WHERE c.oid = '"Contact"'::regclass;
  END IF;
  -- What the statistics count now: the import asks again only once it has written ten times that.
  RETURN counted;
END $$;

REVOKE ALL ON FUNCTION contact_import_refresh_stats(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_import_refresh_stats(bigint) TO switchboard_app;

-- The business's name words (migration 20261203010000_contact_search_perf) took each new word's
-- trigrams into their GIN index one by one (fastupdate = off), so no search would scan a long
-- pending list. That was most of the word trigger's cost: an import's 37,000 new words cost
-- 2.2-2.7 s against 1.1 s with a pending list merged in bulk. A small pending list (256 kB,
-- a few dozen pages for a search to read at worst) keeps both: bulk merges for imports, and
-- typo searches that never read more than that.
ALTER INDEX "ContactNameWord_word_trgm_idx" SET (fastupdate = on, gin_pending_list_limit = 256);

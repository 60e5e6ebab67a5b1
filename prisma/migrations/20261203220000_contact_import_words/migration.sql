-- CSV import (issue #3): an import adds its contacts' name words once, at its end, instead of
-- through the statement triggers on every batch (migration 20261203010000_contact_search_perf).
-- The triggers' bodies cost ~2.4 s of database CPU in a 100,000-row first import (splitting,
-- de-duplicating and conflict-checking ~6,000 words a batch, most of them already known); one
-- insert of the import's distinct name parts costs about a second.
--
-- The import sets app.contact_words = 'deferred' for its own transaction; the triggers then do
-- nothing, and the import passes its distinct given names, family names and companies to
-- contact_name_words_add before it commits. The words are the same: searchName is
-- lower(given || ' ' || family || ' ' || company), and splitting it on white space gives the words
-- of lower() of each part. Every other writer keeps the triggers.
CREATE OR REPLACE FUNCTION contact_name_words_collect() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF current_setting('app.contact_words', true) = 'deferred' THEN RETURN NULL; END IF;
  INSERT INTO "ContactNameWord" ("tenantId", "word")
  SELECT DISTINCT n."tenantId", w.word
  FROM contact_rows n CROSS JOIN LATERAL regexp_split_to_table(n."searchName", '\s+') AS w(word)
  WHERE w.word <> '' AND length(w.word) <= 60
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- The words of `parts` (names and companies as typed) for the current business. SECURITY
-- DEFINER like the triggers; the business comes from app.tenant_id, never an argument.
CREATE FUNCTION contact_name_words_add(parts text[]) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO "ContactNameWord" ("tenantId", "word")
  SELECT DISTINCT app_tenant_id(), w.word
  FROM unnest(parts) AS p(part) CROSS JOIN LATERAL regexp_split_to_table(lower(p.part), '\s+') AS w(word)
  WHERE app_tenant_id() IS NOT NULL AND w.word <> '' AND length(w.word) <= 60
  ON CONFLICT DO NOTHING
$$;

REVOKE ALL ON FUNCTION contact_name_words_add(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION contact_name_words_add(text[]) TO switchboard_app;

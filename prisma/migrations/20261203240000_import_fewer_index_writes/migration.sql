-- CSV import (issue #3): fewer index and constraint writes per imported contact.
--
-- 1. "Contact".email and "ContactNameWord".word compare in the "C" collation (byte order; an
--    e-mail address or a lower-cased name word has no linguistic order to keep). Each column had
--    two indexes on the same key, one in the database's collation for equality lookups and one
--    in "C" for prefix (LIKE 'abc%') searches. With the column itself in "C", its one index serves
--    both, and the "C" copy goes: one btree insert less per contact and per new name word.
--    Queries need no change: `email = $1` now uses the column's collation, and the prefix
--    searches already say COLLATE "C".
ALTER TABLE "Contact" ALTER COLUMN "email" TYPE text COLLATE "C";
DROP INDEX "Contact_email_prefix_idx";

ALTER TABLE "ContactNameWord" ALTER COLUMN "word" TYPE text COLLATE "C";
DROP INDEX "ContactNameWord_prefix_idx";

-- 2. A contact's external ids belong to its business through the contact: the foreign key to
--    "Contact" (ON DELETE CASCADE) removes them with the contact, and with the business whose
--    deletion cascades to its contacts. "tenantId" stays on the row for row-level security and
--    the (tenantId, source, externalId) key, and row-level security's WITH CHECK still refuses
--    another business's id. Its own foreign key to "Tenant" only added a per-row lookup of the
--    business: ~0.5 s of a 100,000-row import.
ALTER TABLE "ContactExternalId" DROP CONSTRAINT "ContactExternalId_tenantId_fkey";

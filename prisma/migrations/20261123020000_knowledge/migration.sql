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

-- Indexes lead with tenantId (btree_gin) so a business's search never touches another's rows.
CREATE INDEX "KnowledgePassage_search_idx" ON "KnowledgePassage" USING gin ("tenantId", "search");
-- Trigram similarity on headings catches short and misspelled questions ("opning hours") that
-- stemming cannot; see server/knowledge/search.ts.
CREATE INDEX "KnowledgePassage_heading_trgm_idx" ON "KnowledgePassage" USING gin ("tenantId", lower("heading") gin_trgm_ops);
CREATE INDEX "KnowledgeArticle_tags_idx" ON "KnowledgeArticle" USING gin ("tenantId", "tags");

-- Row-level security: every table is the business's own.
GRANT SELECT, INSERT, UPDATE, DELETE ON "KnowledgeArticle", "KnowledgePassage" TO switchboard_app;

ALTER TABLE "KnowledgeArticle" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "KnowledgeArticle" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "KnowledgePassage" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "KnowledgePassage" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

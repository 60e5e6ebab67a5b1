// Knowledge articles and Q&A pairs: create, edit, delete, upload files. Every write re-splits
// the article into passages in the same transaction, so search never sees a half-edited article.
import { z } from "zod";
import { Prisma, type Tx } from "../db";
import type { KnowledgeArticle } from "../db/generated/client";
import { recordAudit } from "../audit/log";
import { KnowledgeError } from "./errors";
import { formatOf, readKnowledgeFile } from "./files";
import { splitMarkdown, splitPlainText, type Passage } from "./split";

export type { KnowledgeArticle };

/** What every knowledge service receives: the tenant transaction and who is acting. */
export interface KnowledgeContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
  ip?: string;
}

const tagsSchema = z
  .array(z.string().trim().toLowerCase().max(50))
  .max(30)
  .transform((tags) => [...new Set(tags.filter(Boolean))]);

const titleSchema = z.string().trim().min(1, "Give it a title").max(200);
const bodySchema = z.string().trim().min(1, "Write the text the receptionist should know").max(200_000);

export const createArticleInput = z.object({
  kind: z.enum(["article", "qa"]).default("article"),
  title: titleSchema,
  body: bodySchema,
  tags: tagsSchema.default([]),
});
export type CreateArticleInput = z.input<typeof createArticleInput>;

export const updateArticleInput = z.object({
  id: z.string().min(1).max(64),
  title: titleSchema.optional(),
  body: bodySchema.optional(),
  tags: tagsSchema.optional(),
});
export type UpdateArticleInput = z.input<typeof updateArticleInput>;

export const uploadInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  tags: tagsSchema.default([]),
});

export const listArticlesInput = z.object({
  q: z.string().trim().max(200).optional(),
  tag: z.string().trim().toLowerCase().max(50).optional(),
  kind: z.enum(["article", "qa"]).optional(),
});
export type ListArticlesInput = z.input<typeof listArticlesInput>;

function passagesOf(article: Pick<KnowledgeArticle, "kind" | "title" | "body" | "fileName">): Passage[] {
  // A Q&A pair is one passage: the question is what callers ask, the answer what they hear.
  if (article.kind === "qa") return [{ heading: article.title, text: article.body }];
  return formatOf(article.fileName) === "text" ? splitPlainText(article.title, article.body) : splitMarkdown(article.title, article.body);
}

async function writePassages(ctx: KnowledgeContext, article: KnowledgeArticle): Promise<number> {
  await ctx.db.knowledgePassage.deleteMany({ where: { articleId: article.id } });
  const passages = passagesOf(article);
  await ctx.db.knowledgePassage.createMany({
    data: passages.map((p, ordinal) => ({ tenantId: ctx.tenantId, articleId: article.id, ordinal, heading: p.heading, text: p.text })),
  });
  return passages.length;
}

async function audit(ctx: KnowledgeContext, action: string, article: Pick<KnowledgeArticle, "id" | "title">, meta: Record<string, unknown> = {}) {
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action,
    targetType: "knowledge_article",
    targetId: article.id,
    ip: ctx.ip,
    meta: { title: article.title, ...meta },
  });
}

export async function createArticle(ctx: KnowledgeContext, rawInput: CreateArticleInput): Promise<KnowledgeArticle> {
  const input = createArticleInput.parse(rawInput);
  const article = await ctx.db.knowledgeArticle.create({
    data: { tenantId: ctx.tenantId, kind: input.kind, title: input.title, body: input.body, tags: input.tags, createdById: ctx.actorId },
  });
  const passages = await writePassages(ctx, article);
  await audit(ctx, "knowledge.created", article, { kind: article.kind, passages });
  return article;
}

/** Reads an uploaded .md, .txt or .pdf file into a new article. Throws KnowledgeError("BAD_FILE"). */
export async function uploadArticle(ctx: KnowledgeContext, rawInput: z.input<typeof uploadInput>, bytes: Uint8Array): Promise<KnowledgeArticle> {
  const input = uploadInput.parse(rawInput);
  const file = await readKnowledgeFile(input.fileName, bytes);
  const article = await ctx.db.knowledgeArticle.create({
    data: {
      tenantId: ctx.tenantId,
      kind: "article",
      title: file.title,
      body: file.body,
      tags: input.tags,
      source: "upload",
      fileName: input.fileName,
      createdById: ctx.actorId,
    },
  });
  const passages = await writePassages(ctx, article);
  await audit(ctx, "knowledge.uploaded", article, { fileName: input.fileName, bytes: bytes.byteLength, passages });
  return article;
}

export async function updateArticle(ctx: KnowledgeContext, rawInput: UpdateArticleInput): Promise<KnowledgeArticle> {
  const { id, ...changes } = updateArticleInput.parse(rawInput);
  const existing = await ctx.db.knowledgeArticle.findUnique({ where: { id } });
  if (!existing) throw new KnowledgeError("NOT_FOUND", "That article does not exist.");
  const article = await ctx.db.knowledgeArticle.update({ where: { id }, data: changes });
  if (changes.title !== undefined || changes.body !== undefined) await writePassages(ctx, article);
  await audit(ctx, "knowledge.updated", article, { fields: Object.keys(changes) });
  return article;
}

export async function deleteArticle(ctx: KnowledgeContext, id: string): Promise<void> {
  const existing = await ctx.db.knowledgeArticle.findUnique({ where: { id }, select: { id: true, title: true } });
  if (!existing) throw new KnowledgeError("NOT_FOUND", "That article does not exist.");
  await ctx.db.knowledgeArticle.delete({ where: { id } });
  await audit(ctx, "knowledge.deleted", existing);
}

export async function getArticle(ctx: KnowledgeContext, id: string) {
  const article = await ctx.db.knowledgeArticle.findUnique({
    where: { id },
    include: { passages: { orderBy: { ordinal: "asc" }, select: { id: true, ordinal: true, heading: true, text: true } } },
  });
  if (!article) throw new KnowledgeError("NOT_FOUND", "That article does not exist.");
  return article;
}

export interface ArticleSummary {
  id: string;
  kind: KnowledgeArticle["kind"];
  title: string;
  tags: string[];
  source: KnowledgeArticle["source"];
  fileName: string | null;
  updatedAt: Date;
  passageCount: number;
  /** The start of the body, for the list. */
  excerpt: string;
}

/** The business's articles, newest edit first; `q` keeps those whose title or passages match. */
export async function listArticles(ctx: KnowledgeContext, rawInput: ListArticlesInput = {}): Promise<ArticleSummary[]> {
  const input = listArticlesInput.parse(rawInput);
  const conditions = [Prisma.sql`a."tenantId" = ${ctx.tenantId}`];
  if (input.tag) conditions.push(Prisma.sql`a.tags @> ARRAY[${input.tag}]::text[]`);
  if (input.kind) conditions.push(Prisma.sql`a.kind = ${input.kind}::"KnowledgeKind"`);
  if (input.q) {
    const like = `%${input.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`(lower(a.title) LIKE ${like} OR EXISTS (
      SELECT 1 FROM "KnowledgePassage" p WHERE p."articleId" = a.id AND p."tenantId" = ${ctx.tenantId}
        AND p.search @@ websearch_to_tsquery('english', ${input.q})))`);
  }
  return ctx.db.$queryRaw<ArticleSummary[]>`
    SELECT a.id, a.kind::text AS kind, a.title, a.tags, a.source::text AS source, a."fileName", a."updatedAt",
      (SELECT count(*)::int FROM "KnowledgePassage" p WHERE p."articleId" = a.id) AS "passageCount",
      -- Heading marks dropped and whitespace collapsed: the list shows one line of prose.
      left(btrim(regexp_replace(regexp_replace(a.body, '(^|\n)#+[ \t]*', ' ', 'g'), '[[:space:]]+', ' ', 'g')), 160) AS excerpt
    FROM "KnowledgeArticle" a
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY a."updatedAt" DESC, a.id
    LIMIT 500`;
}

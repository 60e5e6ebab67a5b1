// Knowledge base API: thin over server/knowledge. Members read and try questions; owners,
// admins and staff write.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { memberProcedure, staffProcedure, router, tenantProcedure } from "../trpc/init";
import {
  createArticle,
  createArticleInput,
  deleteArticle,
  getArticle,
  listArticles,
  listArticlesInput,
  updateArticle,
  updateArticleInput,
  uploadArticle,
  uploadInput,
  type KnowledgeContext,
} from "../knowledge/articles";
import { KnowledgeError } from "../knowledge/errors";
import { MAX_UPLOAD_BYTES } from "../knowledge/files";
import { searchKnowledgeInput } from "../knowledge/search";
import { searchKnowledge } from "../knowledge/run-search";

const idInput = z.object({ id: z.string().min(1).max(64) });

function knowledgeCtx(ctx: { db: KnowledgeContext["db"]; tenantId: string; user: { id: string }; ip: string }): KnowledgeContext {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip };
}

/** Expected knowledge failures become tRPC errors a page can show. */
async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    throw new TRPCError({ code: error.code === "NOT_FOUND" ? "NOT_FOUND" : "BAD_REQUEST", message: error.message, cause: error });
  }
}

export const knowledgeRouter = router({
  list: tenantProcedure.input(listArticlesInput).query(({ ctx, input }) => listArticles(knowledgeCtx(ctx), input)),

  get: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => getArticle(knowledgeCtx(ctx), input.id))),

  /**
   * "Try a question": the passages the receptionist would answer from, with scores and why. The
   * phone agent's own search (one round trip on its own tenant transaction), so the page shows
   * exactly what a caller would get, every hit with its highlighted snippet.
   */
  search: memberProcedure.input(searchKnowledgeInput).query(({ ctx, input }) => searchKnowledge(ctx.tenantId, input.query, { limit: input.limit })),

  create: staffProcedure.input(createArticleInput).mutation(({ ctx, input }) => createArticle(knowledgeCtx(ctx), input)),

  update: staffProcedure.input(updateArticleInput).mutation(({ ctx, input }) => run(() => updateArticle(knowledgeCtx(ctx), input))),

  delete: staffProcedure.input(idInput).mutation(({ ctx, input }) => run(() => deleteArticle(knowledgeCtx(ctx), input.id))),

  /** A file as base64 (the page's action reads the multipart upload and passes it on). */
  upload: staffProcedure
    .input(uploadInput.extend({ contentBase64: z.string().max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 8, "Files can be at most 10 MB") }))
    .mutation(({ ctx, input }) =>
      run(() => uploadArticle(knowledgeCtx(ctx), { fileName: input.fileName, tags: input.tags }, Buffer.from(input.contentBase64, "base64"))),
    ),
});

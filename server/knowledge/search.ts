// Knowledge search: the passages the receptionist would answer from, with a score and why.
//
// Two retrievers, fused:
//  1. Full text. The question becomes an OR of its stemmed words ('english' configuration, stop
//     words dropped), because callers ask in sentences and a strict AND would miss a passage
//     that lacks one incidental word. A passage's full-text score is
//        coverage + ts_rank_cd(search, query, 32)
//     where coverage = share of the question's words the passage contains (0..1) and the
//     cover-density rank (heading words weigh A, text B; normalisation 32 maps it into 0..1)
//     breaks ties. So the passage that answers the whole question beats one that repeats a word.
//  2. Trigram similarity of the question to the passage heading (article title, section
//     headings, Q&A question): word_similarity >= 0.5. It finds short and misspelled questions
//     ("opning hours") that stemming cannot.
// Fusion is Reciprocal Rank Fusion (Cormack et al., 2009): score = sum over the lists a passage
// appears in of 1 / (K + rank), K = 60, divided by 2 / (K + 1) so that a passage ranked first by
// both retrievers scores 1. RRF needs no calibration between the two score scales, and a third
// list (vector similarity, when pgvector and an embeddings key exist) adds as one more term.
import { z } from "zod";
import { Prisma } from "../db";
import type { KnowledgeContext } from "./articles";

/** RRF constant: dampens the weight of top ranks so one retriever cannot dominate. */
const RRF_K = 60;
/** Candidates each retriever contributes to the fusion. */
const CANDIDATES = 50;
/** Below this a heading is not "similar" to the question (pg_trgm's default is 0.6; typos in short words cost more). */
export const SIMILARITY_THRESHOLD = 0.5;

/** Marks around matched words in `snippet`: characters that do not occur in ordinary text. */
export const MATCH_START = "⟦";
export const MATCH_END = "⟧";

export const searchKnowledgeInput = z.object({
  query: z.string().trim().min(1, "Type a question").max(500),
  limit: z.number().int().min(1).max(20).default(5),
});

export interface KnowledgeHit {
  passageId: string;
  articleId: string;
  articleTitle: string;
  kind: "article" | "qa";
  heading: string;
  text: string;
  /** The best part of the text with matched words between MATCH_START and MATCH_END. */
  snippet: string;
  /** Fused score, 0..1 (1: first for both full text and similarity). */
  score: number;
  why: {
    /** The question's words after stemming and stop-word removal ("opening hours?" -> open, hour). */
    queryTerms: string[];
    /** Those of them the passage contains. */
    matchedTerms: string[];
    /** Full-text score (coverage + rank) and its place in that list; null when the words did not match. */
    textScore: number | null;
    textRank: number | null;
    /** Trigram word similarity of the question to the heading and its place; null below the threshold. */
    similarity: number | null;
    similarityRank: number | null;
  };
}

interface Row {
  passageId: string;
  articleId: string;
  articleTitle: string;
  kind: "article" | "qa";
  heading: string;
  text: string;
  snippet: string;
  score: number;
  queryTerms: string[];
  matchedTerms: string[];
  textScore: number | null;
  textRank: number | null;
  similarity: number | null;
  similarityRank: number | null;
}

/**
 * The passages that best answer `query`, best first. This is what the phone agent calls; it
 * runs inside the caller's tenant transaction, so row-level security keeps it to one business.
 */
export async function searchKnowledge(ctx: KnowledgeContext, query: string, options: { limit?: number } = {}): Promise<KnowledgeHit[]> {
  const input = searchKnowledgeInput.parse({ query, limit: options.limit });
  const lowered = input.query.toLowerCase();
  await ctx.db.$executeRaw`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(SIMILARITY_THRESHOLD)}, true)`;
  const rows = await ctx.db.$queryRaw<Row[]>`
    WITH q AS (
      -- plainto_tsquery quotes every lexeme, so turning its ANDs into ORs is safe.
      SELECT nullif(replace(plainto_tsquery('english', ${input.query})::text, ' & ', ' | '), '')::tsquery AS loose,
             tsvector_to_array(to_tsvector('english', ${input.query})) AS terms
    ),
    fts AS (
      SELECT s.id, s.score, row_number() OVER (ORDER BY s.score DESC, s.id) AS rank
      FROM (
        SELECT p.id,
          (SELECT count(*) FROM unnest(q.terms) t WHERE t = ANY (lex.words))::float8 / greatest(cardinality(q.terms), 1)
            + ts_rank_cd(p.search, q.loose, 32) AS score
        FROM "KnowledgePassage" p, q, LATERAL (SELECT tsvector_to_array(p.search) AS words) lex
        WHERE p."tenantId" = ${ctx.tenantId} AND p.search @@ q.loose
      ) s
      ORDER BY s.score DESC, s.id
      LIMIT ${CANDIDATES}
    ),
    trgm AS (
      SELECT s.id, s.similarity, row_number() OVER (ORDER BY s.similarity DESC, s.id) AS rank
      FROM (
        SELECT p.id, word_similarity(${lowered}, lower(p.heading))::float8 AS similarity
        FROM "KnowledgePassage" p
        WHERE p."tenantId" = ${ctx.tenantId} AND ${lowered} <% lower(p.heading)
      ) s
      ORDER BY s.similarity DESC, s.id
      LIMIT ${CANDIDATES}
    ),
    fused AS (
      SELECT coalesce(f.id, g.id) AS id, f.score AS "textScore", f.rank AS "textRank", g.similarity, g.rank AS "similarityRank",
        (coalesce(1.0 / (${RRF_K} + f.rank), 0) + coalesce(1.0 / (${RRF_K} + g.rank), 0)) / (2.0 / (${RRF_K} + 1)) AS score
      FROM fts f FULL JOIN trgm g ON g.id = f.id
      ORDER BY score DESC, "textRank" NULLS LAST, id
      LIMIT ${input.limit}
    )
    SELECT p.id AS "passageId", a.id AS "articleId", a.title AS "articleTitle", a.kind::text AS kind, p.heading, p.text,
      CASE WHEN q.loose IS NULL THEN left(p.text, 240)
        ELSE ts_headline('english', p.text, q.loose, ${`MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … ", StartSel=${MATCH_START}, StopSel=${MATCH_END}`})
      END AS snippet,
      fused.score::float8 AS score, q.terms AS "queryTerms",
      ARRAY(SELECT t FROM unnest(q.terms) t WHERE t = ANY (tsvector_to_array(p.search))) AS "matchedTerms",
      fused."textScore"::float8 AS "textScore", fused."textRank"::int AS "textRank",
      fused.similarity::float8 AS similarity, fused."similarityRank"::int AS "similarityRank"
    FROM fused
    JOIN "KnowledgePassage" p ON p.id = fused.id
    JOIN "KnowledgeArticle" a ON a.id = p."articleId"
    CROSS JOIN q
    ORDER BY fused.score DESC, fused."textRank" NULLS LAST, p.id`;
  return rows.map((r) => ({
    passageId: r.passageId,
    articleId: r.articleId,
    articleTitle: r.articleTitle,
    kind: r.kind,
    heading: r.heading,
    text: r.text,
    snippet: r.snippet,
    score: r.score,
    why: {
      queryTerms: r.queryTerms,
      matchedTerms: r.matchedTerms,
      textScore: r.textScore,
      textRank: r.textRank,
      similarity: r.similarity,
      similarityRank: r.similarityRank,
    },
  }));
}

/** Splits a snippet into plain and matched parts, for display. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const re = new RegExp(`${MATCH_START}(.*?)${MATCH_END}`, "gs");
  let last = 0;
  for (const m of snippet.matchAll(re)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), match: false });
    parts.push({ text: m[1] ?? "", match: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts;
}

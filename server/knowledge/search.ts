// Knowledge search: the passages the receptionist would answer from, with a score and why.
//
// The lookup is the SQL function knowledge_search_candidates (migration
// 20261123020000_knowledge, last changed in 20261203130000_crm_perf): under row-level security the full-text and trigram operators could
// not use their GIN indexes, so a SECURITY DEFINER function applies the tenant condition itself
// and returns passage ids with their scores; this module reads the passages through RLS.
//
// Two retrievers, fused:
//  1. Full text. The question becomes an OR of its stemmed words ('english' configuration, stop
//     words dropped), because callers ask in sentences and a strict AND would miss a passage
//     that lacks one incidental word. Candidates: passages with all the words, passages whose
//     heading holds the most of them, passages with any of the rarer ones (at most 100 of each,
//     so a question made of very common words stays fast; the rarest twelve words rank, so a
//     rambling question stays fast too). Score = coverage + ts_rank_cd(search, query, 32), where
//     coverage is the share of the question's words the passage contains (0..1) and the
//     cover-density rank (heading words weigh A, text B; normalisation 32 maps it into 0..1)
//     breaks ties. So the passage that answers the whole question beats one that repeats a word.
//  2. Trigram similarity of the question (up to 6 words) to the passage heading (article title,
//     section headings, Q&A question): word_similarity >= 0.5. It finds short and misspelled
//     questions ("opning hours") that stemming cannot.
// Fusion: Reciprocal Rank Fusion (Cormack et al., 2009), each list's term weighted by how
// strong the passage's evidence in it is:
//     score = (coverage / (K + text rank) + similarity / (K + similarity rank)) / (2 / (K + 1)),  K = 60
// 1 means first in both lists with every word and an identical heading. RRF needs no
// calibration between the two score scales; the weights keep a passage that matched one word
// of a misspelled question below one whose heading is nearly the question. A third list
// (vector similarity, when pgvector and an embeddings key exist) would add one more term.
import { z } from "zod";

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
    /** Share of queryTerms the passage contains (0..1); null when it was not a full-text candidate. */
    coverage: number | null;
    /** Full-text score (coverage + rank) and its place in that list; null when the words did not match. */
    textScore: number | null;
    textRank: number | null;
    /** Trigram word similarity of the question to the heading and its place; null below 0.5 or for long questions. */
    similarity: number | null;
    similarityRank: number | null;
  };
}

export interface Row {
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
  coverage: number | null;
  textScore: number | null;
  textRank: number | null;
  similarity: number | null;
  similarityRank: number | null;
}

// The whole search in one statement ($1 the question, $2 how many, $3 how many get a highlighted
// snippet; the others get the passage's start): candidates and scores from
// knowledge_search_candidates, then the passages through row-level security with their snippets.
export const SEARCH_SQL = `
  WITH q AS (
    -- As in the function: plainto_tsquery quotes every lexeme, so its ANDs can become ORs.
    SELECT nullif(replace(plainto_tsquery('english', $1::text)::text, ' & ', ' | '), '')::tsquery AS loose,
           tsvector_to_array(to_tsvector('english', $1::text)) AS terms
  )
  SELECT p.id AS "passageId", a.id AS "articleId", a.title AS "articleTitle", a.kind::text AS kind, p.heading, p.text,
    -- Headlines cost ~0.5 ms a passage for a long question: only the first $3 rows get one.
    CASE WHEN q.loose IS NULL OR row_number() OVER (ORDER BY c.score DESC, c."textRank" NULLS LAST, p.id) > $3::int THEN left(p.text, 240)
      ELSE ts_headline('english', p.text, q.loose, 'MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … ", StartSel=${MATCH_START}, StopSel=${MATCH_END}')
    END AS snippet,
    c.score, q.terms AS "queryTerms",
    ARRAY(SELECT t FROM unnest(q.terms) t WHERE t = ANY (tsvector_to_array(p.search))) AS "matchedTerms",
    c.coverage, c."textScore", c."textRank", c.similarity, c."similarityRank"
  FROM knowledge_search_candidates($1::text, $2::int) c
  JOIN "KnowledgePassage" p ON p.id = c.id
  JOIN "KnowledgeArticle" a ON a.id = p."articleId"
  CROSS JOIN q
  ORDER BY c.score DESC, c."textRank" NULLS LAST, p.id`;

/** A result row as the hit the callers see (also for server/knowledge/run-search.ts). */
export function toHit(r: Row): KnowledgeHit {
  return {
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
      coverage: r.coverage,
      textScore: r.textScore,
      textRank: r.textRank,
      similarity: r.similarity,
      similarityRank: r.similarityRank,
    },
  };
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

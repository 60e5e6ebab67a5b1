// Knowledge base: the articles and Q&A pairs the receptionist answers from, adding and
// uploading them, and "Try a question" to see which passages a caller's question would reach.
import {
  json,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { BookOpen, FileUp, MessageCircleQuestion, Plus, Search } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { MAX_UPLOAD_BYTES } from "../../../server/knowledge/limits";
import { snippetParts } from "../../../server/knowledge/search";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { Textarea } from "../../components/ui/textarea";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Knowledge · Switchboard" }];

const splitTags = (value: string) => value.split(",").map((t) => t.trim()).filter(Boolean);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() || undefined;
  const ask = url.searchParams.get("ask")?.trim() || undefined;
  const knowledge = serverCaller(request, context).knowledge;
  const [articles, hits] = await Promise.all([
    knowledge.list({ q }),
    ask ? knowledge.search({ query: ask.slice(0, 500), limit: 5 }) : Promise.resolve(null),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ articles, hits, q: q ?? "", ask: ask ?? "", canEdit: !!role && WRITE_ROLES.includes(role) });
}

const createForm = z.object({
  intent: z.literal("create"),
  kind: z.enum(["article", "qa"]),
  title: z.string(),
  body: z.string(),
  tags: z.string().default(""),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const knowledge = serverCaller(request, context).knowledge;
  try {
    if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
      const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
      const file = form.get("file");
      if (!(file instanceof File) || !file.name) {
        return json({ errors: { file: "Choose a .md, .txt or .pdf file." } as Record<string, string> }, { status: 400 });
      }
      const article = await knowledge.upload({
        fileName: file.name,
        tags: splitTags(String(form.get("tags") ?? "")),
        contentBase64: Buffer.from(await file.arrayBuffer()).toString("base64"),
      });
      return redirectWithToast(`/knowledge/${article.id}`, { type: "success", title: `${file.name} added`, description: "Check the passages below." });
    }
    const parsed = createForm.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) return json({ errors: { form: "That request was not understood." } as Record<string, string> }, { status: 400 });
    const { kind, title, body, tags } = parsed.data;
    const article = await knowledge.create({ kind, title, body, tags: splitTags(tags) });
    return redirectWithToast(`/knowledge/${article.id}`, { type: "success", title: kind === "qa" ? "Question added" : "Article added" });
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return json({ errors: { file: "Files can be at most 10 MB. Split it into smaller files." } as Record<string, string> }, { status: 400 });
    }
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      const field = error.code === "BAD_REQUEST" && error.message.match(/^(title|body):/)?.[1];
      const errors: Record<string, string> = field ? { [field]: error.message.replace(/^\w+: /, "") } : { file: error.message };
      return jsonWithToast({ errors }, { type: "error", title: "Couldn't add that", description: error.message }, { status: 400 });
    }
    throw error;
  }
}

function formatDate(value: string) {
  return new Date(value).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

export default function KnowledgePage() {
  const { articles, hits, q, ask, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [adding, setAdding] = useState<"article" | "qa" | "upload" | null>(null);
  const busy = navigation.state === "submitting";
  const errors = actionData?.errors ?? {};

  return (
    <>
      <PageHeader
        title="Knowledge"
        description="What the receptionist knows about your business. It answers callers from these passages, and only from them."
        actions={
          canEdit ? (
            <>
              <Button variant="outline" onClick={() => setAdding("qa")}>
                <MessageCircleQuestion aria-hidden="true" /> New Q&amp;A
              </Button>
              <Button variant="outline" onClick={() => setAdding("upload")}>
                <FileUp aria-hidden="true" /> Upload files
              </Button>
              <Button onClick={() => setAdding("article")}>
                <Plus aria-hidden="true" /> New article
              </Button>
            </>
          ) : null
        }
      />

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        {adding === "upload" ? (
          <Card>
            <CardHeader>
              <CardTitle>Upload a file</CardTitle>
              <CardDescription>Markdown (.md), text (.txt) or PDF with real text, up to 10 MB. It is split into passages you can check afterwards.</CardDescription>
            </CardHeader>
            <CardContent>
              <Form method="post" encType="multipart/form-data" className="grid gap-3 sm:grid-cols-[1fr_14rem_auto] sm:items-start">
                <Field label="File" error={errors.file}>
                  <Input name="file" type="file" accept=".md,.markdown,.txt,.pdf,text/markdown,text/plain,application/pdf" required />
                </Field>
                <Field label="Tags" hint="Comma separated">
                  <Input name="tags" placeholder="policies, prices" />
                </Field>
                <div className="flex gap-2 sm:mt-6">
                  <Button type="submit" disabled={busy}>{busy ? "Reading…" : "Upload"}</Button>
                  <Button type="button" variant="ghost" onClick={() => setAdding(null)}>Cancel</Button>
                </div>
              </Form>
            </CardContent>
          </Card>
        ) : adding ? (
          <Card>
            <CardHeader>
              <CardTitle>{adding === "qa" ? "New question and answer" : "New article"}</CardTitle>
              <CardDescription>
                {adding === "qa"
                  ? "Write the question as a caller would ask it, and the answer the receptionist should give."
                  : "Markdown works: each ## heading starts a new passage, so keep one topic under each."}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <Form method="post" className="grid gap-3">
                <input type="hidden" name="intent" value="create" />
                <input type="hidden" name="kind" value={adding} />
                <Field label={adding === "qa" ? "Question" : "Title"} error={errors.title}>
                  <Input name="title" required maxLength={200} placeholder={adding === "qa" ? "Do you have parking?" : "Opening hours"} />
                </Field>
                <Field label={adding === "qa" ? "Answer" : "Text"} error={errors.body}>
                  <Textarea name="body" required rows={adding === "qa" ? 4 : 12} className="font-mono text-sm" />
                </Field>
                <Field label="Tags" hint="Comma separated">
                  <Input name="tags" placeholder="visiting, hours" />
                </Field>
                <div className="flex gap-2">
                  <Button type="submit" disabled={busy}>{busy ? "Saving…" : "Save"}</Button>
                  <Button type="button" variant="ghost" onClick={() => setAdding(null)}>Cancel</Button>
                </div>
              </Form>
            </CardContent>
          </Card>
        ) : null}

        <Card>
          <CardHeader>
            <CardTitle>Try a question</CardTitle>
            <CardDescription>Ask as a caller would. These are the passages the receptionist would answer from, best first.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Form method="get" className="flex gap-2" role="search">
              {q ? <input type="hidden" name="q" value={q} /> : null}
              <Input name="ask" defaultValue={ask} placeholder="What are your opening hours?" aria-label="Question" maxLength={500} />
              <Button type="submit" variant="secondary">Ask</Button>
            </Form>
            {hits === null ? null : hits.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nothing in the knowledge base matches that question. The receptionist would say it does not know and offer to take a message.</p>
            ) : (
              <ol className="grid gap-3">
                {hits.map((hit, i) => (
                  <li key={hit.passageId} className="rounded-md border p-3">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <Link to={`/knowledge/${hit.articleId}`} className="text-sm font-medium hover:underline">
                        {i + 1}. {hit.heading}
                      </Link>
                      <Badge variant={hit.score >= 0.5 ? "success" : hit.score >= 0.25 ? "warning" : "secondary"} title="Fused score, 0 to 1">
                        score {hit.score.toFixed(2)}
                      </Badge>
                    </div>
                    <p className="mt-2 text-sm text-muted-foreground">
                      {snippetParts(hit.snippet).map((part, j) =>
                        part.match ? (
                          <mark key={j} className="rounded bg-primary/15 px-0.5 text-foreground">{part.text}</mark>
                        ) : (
                          <span key={j}>{part.text}</span>
                        ),
                      )}
                    </p>
                    <p className="mt-2 text-xs text-muted-foreground">
                      Why: {hit.why.queryTerms.length
                        ? `matched ${hit.why.matchedTerms.length} of ${hit.why.queryTerms.length} words (${hit.why.queryTerms.map((t) => (hit.why.matchedTerms.includes(t) ? `${t} ✓` : t)).join(", ")})`
                        : "no searchable words"}
                      {hit.why.textRank ? ` · full-text rank ${hit.why.textRank}` : ""}
                      {hit.why.similarity !== null ? ` · heading ${Math.round(hit.why.similarity * 100)}% similar (rank ${hit.why.similarityRank})` : ""}
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
            <div>
              <CardTitle>Articles</CardTitle>
              <CardDescription>{articles.length === 1 ? "1 article" : `${articles.length} articles`}{q ? ` matching “${q}”` : ""}</CardDescription>
            </div>
            <Form method="get" className="flex gap-2" role="search">
              {ask ? <input type="hidden" name="ask" value={ask} /> : null}
              <Input name="q" defaultValue={q} placeholder="Filter articles" aria-label="Filter articles" className="w-56" />
              <Button type="submit" variant="outline" size="sm" aria-label="Filter"><Search aria-hidden="true" /></Button>
            </Form>
          </CardHeader>
          <CardContent className={articles.length ? "p-0" : undefined}>
            {articles.length === 0 ? (
              <EmptyState
                icon={BookOpen}
                title={q ? "No articles match" : "No knowledge yet"}
                description={
                  q
                    ? "Try other words, or clear the filter."
                    : "Add answers to what callers ask — opening hours, prices, parking, policies — or upload the documents you already have."
                }
                action={canEdit && !q ? <Button onClick={() => setAdding("article")}><Plus aria-hidden="true" /> New article</Button> : undefined}
              />
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Title</TableHead>
                    <TableHead className="hidden md:table-cell">Tags</TableHead>
                    <TableHead className="hidden sm:table-cell">Passages</TableHead>
                    <TableHead className="hidden sm:table-cell">Updated</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {articles.map((a) => (
                    <TableRow key={a.id}>
                      <TableCell>
                        <Link to={`/knowledge/${a.id}`} className="font-medium hover:underline">{a.title}</Link>
                        <div className="mt-0.5 flex items-center gap-2 text-xs text-muted-foreground">
                          {a.kind === "qa" ? <Badge variant="secondary">Q&amp;A</Badge> : null}
                          {a.fileName ? <span>from {a.fileName}</span> : <span className="line-clamp-1">{a.excerpt}</span>}
                        </div>
                      </TableCell>
                      <TableCell className="hidden md:table-cell">
                        <div className="flex flex-wrap gap-1">{a.tags.map((t) => <Badge key={t} variant="outline">{t}</Badge>)}</div>
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">{a.passageCount}</TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">{formatDate(a.updatedAt)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}

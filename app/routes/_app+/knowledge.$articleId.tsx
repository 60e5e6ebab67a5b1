// One knowledge article or Q&A pair: edit its title, text and tags, see the passages it was
// split into (what search ranks and the receptionist reads), delete it.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { ArrowLeft } from "lucide-react";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Textarea } from "../../components/ui/textarea";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.article.title ?? "Article"} · Knowledge · Switchboard` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const article = await serverCaller(request, context).knowledge.get({ id: params.articleId ?? "" }).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ article, canEdit: !!role && WRITE_ROLES.includes(role) });
}

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), title: z.string(), body: z.string(), tags: z.string().default("") }),
  z.object({ intent: z.literal("delete") }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.articleId ?? "";
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ errors: { form: "That request was not understood." } as Record<string, string> }, { status: 400 });
  const knowledge = serverCaller(request, context).knowledge;
  try {
    if (parsed.data.intent === "delete") {
      await knowledge.delete({ id });
      return redirectWithToast("/knowledge", { type: "success", title: "Deleted", description: "The receptionist no longer answers from it." });
    }
    const { title, body, tags } = parsed.data;
    await knowledge.update({ id, title, body, tags: tags.split(",").map((t) => t.trim()).filter(Boolean) });
    return redirectWithToast(`/knowledge/${id}`, { type: "success", title: "Saved", description: "Search uses the new text straight away." });
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      const field = error.message.match(/^(title|body):/)?.[1];
      if (field) return json({ errors: { [field]: error.message.replace(/^\w+: /, "") } as Record<string, string> }, { status: 400 });
      return jsonWithToast({ errors: {} as Record<string, string> }, { type: "error", title: "Couldn't save", description: error.message }, { status: 400 });
    }
    throw error;
  }
}

export default function KnowledgeArticlePage() {
  const { article, canEdit } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? {};
  const saving = useNavigation().state === "submitting";
  const qa = article.kind === "qa";

  return (
    <>
      <Link to="/knowledge" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft aria-hidden="true" className="size-4" /> Knowledge
      </Link>
      <PageHeader
        title={article.title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {qa ? <Badge variant="secondary">Q&amp;A</Badge> : <Badge variant="secondary">Article</Badge>}
            {article.fileName ? <span>Uploaded from {article.fileName}</span> : null}
            <span>{article.passages.length === 1 ? "1 passage" : `${article.passages.length} passages`}</span>
          </span>
        }
        actions={
          canEdit ? (
            <ConfirmDialog
              trigger={<Button variant="outline" className="text-destructive hover:text-destructive">Delete</Button>}
              title={`Delete “${article.title}”?`}
              description="The receptionist stops answering from it at once. This cannot be undone."
              confirmLabel="Delete"
              form={{ fields: { intent: "delete" } }}
            />
          ) : null
        }
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader>
            <CardTitle>{canEdit ? "Edit" : "Content"}</CardTitle>
            <CardDescription>
              {qa ? "The question as callers ask it, and the answer." : "Markdown: each heading starts a new passage."}
              {canEdit ? null : " Only owners, admins and staff can change it."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Form method="post" className="grid gap-3">
              <input type="hidden" name="intent" value="save" />
              <fieldset disabled={!canEdit} className="grid gap-3">
                <Field label={qa ? "Question" : "Title"} error={errors.title}>
                  <Input name="title" defaultValue={article.title} required maxLength={200} />
                </Field>
                <Field label={qa ? "Answer" : "Text"} error={errors.body}>
                  <Textarea name="body" defaultValue={article.body} required rows={qa ? 5 : 18} className="font-mono text-sm" />
                </Field>
                <Field label="Tags" hint="Comma separated">
                  <Input name="tags" defaultValue={article.tags.join(", ")} />
                </Field>
              </fieldset>
              {canEdit ? (
                <div>
                  <Button type="submit" disabled={saving}>{saving ? "Saving…" : "Save"}</Button>
                </div>
              ) : null}
            </Form>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Passages</CardTitle>
            <CardDescription>How search sees this text: each passage is found and read out on its own.</CardDescription>
          </CardHeader>
          <CardContent>
            {article.passages.length === 0 ? (
              <p className="text-sm text-muted-foreground">No passages: the text is empty.</p>
            ) : (
              <ol className="grid gap-3">
                {article.passages.map((p) => (
                  <li key={p.id} className="rounded-md border p-3">
                    <div className="text-xs font-medium text-muted-foreground">{p.heading}</div>
                    <p className="mt-1 line-clamp-6 whitespace-pre-line text-sm">{p.text}</p>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}

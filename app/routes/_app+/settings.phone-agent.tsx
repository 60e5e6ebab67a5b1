// Phone agent: the persona callers hear, where it hands callers over, the questions it asks new
// leads and how long calls may run. Owners and admins edit; everyone else reads. The server
// validates with the one schema (server/tenancy/phone-agent-settings-schema.ts) and the page
// shows each refusal next to its field.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import { ZodError } from "zod";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { refusalToast } from "../../components/action-errors.server";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Select } from "../../components/ui/select";
import { Spinner } from "../../components/ui/spinner";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Phone agent · Switchboard" }];

// Kept here rather than imported: the schema module pulls server code into the browser bundle.
const OPENAI_VOICES = ["alloy", "echo", "fable", "onyx", "nova", "shimmer"] as const;
const MAX_LEAD_QUESTIONS = 4;
const LANGUAGES: [code: string, label: string][] = [
  ["en", "English"],
  ["en-US", "English (US)"],
  ["en-GB", "English (UK)"],
  ["es", "Spanish"],
  ["fr", "French"],
  ["de", "German"],
  ["it", "Italian"],
  ["pt", "Portuguese"],
  ["nl", "Dutch"],
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { settings, ignored, country, updatedAt } = await serverCaller(request, context).business.phoneAgent().catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ settings, ignored, country, updatedAt, canEdit: !!role && ADMIN_ROLES.includes(role) });
}

type FormValues = {
  name: string;
  openAiVoice: string;
  elevenLabsVoiceId: string;
  language: string;
  transferNumber: string;
  onCallNumber: string;
  phone: string;
  notificationEmail: string;
  currency: string;
  recordCalls: boolean;
  maxCallMinutes: string;
  silenceTimeoutSeconds: string;
  qualifyingQuestions: string[];
};

function readForm(form: FormData): FormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  return {
    name: text("name"),
    openAiVoice: text("openAiVoice"),
    elevenLabsVoiceId: text("elevenLabsVoiceId"),
    language: text("language"),
    transferNumber: text("transferNumber"),
    onCallNumber: text("onCallNumber"),
    phone: text("phone"),
    notificationEmail: text("notificationEmail"),
    currency: text("currency"),
    recordCalls: form.get("recordCalls") === "on",
    maxCallMinutes: text("maxCallMinutes"),
    silenceTimeoutSeconds: text("silenceTimeoutSeconds"),
    qualifyingQuestions: form.getAll("qualifyingQuestions").map(String),
  };
}

/** A blank number field falls back to the default; anything else must be a whole number. */
const wholeNumber = (text: string) => (text.trim() === "" ? undefined : /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

function toInput(v: FormValues) {
  return {
    voice: {
      persona: { name: v.name.trim(), openAiVoice: v.openAiVoice, elevenLabsVoiceId: v.elevenLabsVoiceId.trim(), language: v.language },
      maxCallMinutes: wholeNumber(v.maxCallMinutes),
      silenceTimeoutSeconds: wholeNumber(v.silenceTimeoutSeconds),
    },
    transferNumber: v.transferNumber,
    onCallNumber: v.onCallNumber,
    phone: v.phone,
    notificationEmail: v.notificationEmail,
    currency: v.currency,
    recordCalls: v.recordCalls,
    qualifyingQuestions: v.qualifyingQuestions,
  };
}

// Friendlier words for the limits zod states in its own terms.
const FRIENDLY: Record<string, string> = {
  "voice.persona.name": "Give the agent a name (up to 40 characters)",
  "voice.maxCallMinutes": "A whole number of minutes from 1 to 120",
  "voice.silenceTimeoutSeconds": "A whole number of seconds from 3 to 60",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const values = readForm(await request.formData());
  try {
    const { changed } = await serverCaller(request, context).business.updatePhoneAgent(toInput(values));
    return redirectWithToast(
      "/settings/phone-agent",
      changed.length > 0 ? { type: "success", title: "Phone agent settings saved" } : { type: "info", title: "Nothing changed" },
    );
  } catch (error) {
    if (error instanceof TRPCError && error.cause instanceof ZodError) {
      const errors: Record<string, string> = {};
      for (const issue of error.cause.issues) {
        const path = issue.path.join(".");
        const key = path.startsWith("qualifyingQuestions") ? "qualifyingQuestions" : path;
        errors[key] ??= FRIENDLY[key] ?? issue.message;
      }
      return json({ values, errors }, { status: 400 });
    }
    return refusalToast(error, { values, errors: {} as Record<string, string> }, "Couldn't save the phone agent settings");
  }
}

export default function PhoneAgentSettings() {
  const { settings, ignored, country, updatedAt, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formMethod === "POST";
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values: FormValues = actionData?.values ?? {
    name: settings.voice.persona.name,
    openAiVoice: settings.voice.persona.openAiVoice,
    elevenLabsVoiceId: settings.voice.persona.elevenLabsVoiceId ?? "",
    language: settings.voice.persona.language,
    transferNumber: settings.transferNumber ?? "",
    onCallNumber: settings.onCallNumber ?? "",
    phone: settings.phone ?? "",
    notificationEmail: settings.notificationEmail ?? "",
    currency: settings.currency ?? "",
    recordCalls: settings.recordCalls,
    maxCallMinutes: String(settings.voice.maxCallMinutes),
    silenceTimeoutSeconds: String(settings.voice.silenceTimeoutSeconds),
    qualifyingQuestions: settings.qualifyingQuestions,
  };
  const errorCount = Object.keys(errors).length;

  return (
    // Keyed by the stored row so a successful save resets the editor to what was stored.
    <Form method="post" key={updatedAt} className="grid grid-cols-[minmax(0,1fr)] gap-6" noValidate>
      {!canEdit ? <Alert title="Read-only">Only owners and admins can change the phone agent.</Alert> : null}
      {ignored.length > 0 ? (
        <Alert title="Some stored values were not valid">
          These are shown as unset and will be cleared when you save: {ignored.join(", ")}.
        </Alert>
      ) : null}
      {errorCount > 0 ? (
        <Alert variant="destructive" title="Please fix the highlighted fields">
          {errorCount === 1 ? "One field needs attention." : `${errorCount} fields need attention.`}
        </Alert>
      ) : null}

      <fieldset disabled={!canEdit || saving} className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Persona</CardTitle>
            <CardDescription>Who callers hear: the agent introduces itself by this name and says it is an AI assistant.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Agent name" error={errors["voice.persona.name"]} hint="Said at the start of every call.">
              <Input name="name" defaultValue={values.name} maxLength={40} required />
            </Field>
            <Field label="Language" error={errors["voice.persona.language"]} hint="What the agent speaks and listens for.">
              <Select name="language" defaultValue={values.language}>
                {LANGUAGES.some(([code]) => code === values.language) ? null : <option value={values.language}>{values.language}</option>}
                {LANGUAGES.map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Voice" error={errors["voice.persona.openAiVoice"]} hint="The standard voice, also used when ElevenLabs is unavailable.">
              <Select name="openAiVoice" defaultValue={values.openAiVoice}>
                {OPENAI_VOICES.map((v) => (
                  <option key={v} value={v}>
                    {v[0].toUpperCase() + v.slice(1)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="ElevenLabs voice ID (optional)" error={errors["voice.persona.elevenLabsVoiceId"]} hint="A custom ElevenLabs voice; leave empty for the default.">
              <Input name="elevenLabsVoiceId" defaultValue={values.elevenLabsVoiceId} maxLength={64} autoComplete="off" spellCheck={false} />
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Handing over</CardTitle>
            <CardDescription>
              Where callers and urgent news go when the agent should not handle them alone. Numbers without a country code are read as {country} numbers.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Transfer number" error={errors.transferNumber} hint="A caller who asks for a real person is put through to this number.">
              <Input name="transferNumber" type="tel" defaultValue={values.transferNumber} autoComplete="off" placeholder="+1 415 555 0123" />
            </Field>
            <Field label="On-call number" error={errors.onCallNumber} hint="An urgent lead triggers a call to this number straight away.">
              <Input name="onCallNumber" type="tel" defaultValue={values.onCallNumber} autoComplete="off" placeholder="+1 415 555 0199" />
            </Field>
            <Field label="Notification e-mail" error={errors.notificationEmail} hint="Call summaries go here (separate several with commas); empty sends them to the owners.">
              <Input name="notificationEmail" type="text" inputMode="email" defaultValue={values.notificationEmail} autoComplete="off" placeholder="frontdesk@example.com" />
            </Field>
            <Field label="Call-back number" error={errors.phone} hint="Your public number, read out when the agent asks someone to call you back.">
              <Input name="phone" type="tel" defaultValue={values.phone} autoComplete="off" />
            </Field>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Lead questions</CardTitle>
            <CardDescription>
              The lead-qualification workflow asks these in order, up to {MAX_LEAD_QUESTIONS}; an empty place uses the template's own question.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <LeadQuestions initial={values.qualifyingQuestions} error={errors.qualifyingQuestions} editable={canEdit} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Calls</CardTitle>
            <CardDescription>Limits and disclosures that apply to every call the agent takes or makes.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <label className="flex items-start gap-2 text-sm sm:col-span-2">
              <input type="checkbox" name="recordCalls" defaultChecked={values.recordCalls} className="mt-0.5 size-4 accent-[hsl(var(--primary))]" />
              <span>
                <span className="font-medium">Record calls</span>
                <span className="block text-xs text-muted-foreground">The agent tells callers the call is recorded, as the law requires in many places.</span>
              </span>
            </label>
            <Field label="Longest call (minutes)" error={errors["voice.maxCallMinutes"]} hint="The agent wraps up politely when a call reaches this length (1–120).">
              <Input name="maxCallMinutes" type="number" inputMode="numeric" min={1} max={120} step={1} defaultValue={values.maxCallMinutes} />
            </Field>
            <Field label="Silence timeout (seconds)" error={errors["voice.silenceTimeoutSeconds"]} hint="How long a caller may stay silent before the agent asks again (3–60).">
              <Input name="silenceTimeoutSeconds" type="number" inputMode="numeric" min={3} max={60} step={1} defaultValue={values.silenceTimeoutSeconds} />
            </Field>
            <Field label="Currency (optional)" error={errors.currency} hint="How the agent reads out amounts, e.g. USD or EUR.">
              <Input name="currency" defaultValue={values.currency} maxLength={3} autoComplete="off" className="uppercase" />
            </Field>
          </CardContent>
          {canEdit ? (
            <CardFooter className="justify-end">
              <Button type="submit" disabled={saving}>
                {saving ? <Spinner label="Saving" className="text-primary-foreground" /> : null}
                Save changes
              </Button>
            </CardFooter>
          ) : null}
        </Card>
      </fieldset>
    </Form>
  );
}

/** An ordered list of up to four questions: add, remove, move up and down. Posts one field per question. */
function LeadQuestions({ initial, error, editable }: { initial: string[]; error?: string; editable: boolean }) {
  const nextId = useRef(initial.length);
  const [rows, setRows] = useState(() => initial.map((text, id) => ({ id, text })));
  const move = (index: number, by: -1 | 1) =>
    setRows((list) => {
      const copy = [...list];
      [copy[index], copy[index + by]] = [copy[index + by], copy[index]];
      return copy;
    });

  return (
    <div className="grid gap-3">
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground">
          No questions of your own yet: the agent asks what the caller needs, how soon, where, and their budget.
        </p>
      ) : (
        <ol className="grid gap-2">
          {rows.map((row, index) => (
            <li key={row.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="w-5 shrink-0 text-right text-sm tabular-nums text-muted-foreground">{index + 1}.</span>
              <Input
                name="qualifyingQuestions"
                aria-label={`Question ${index + 1}`}
                defaultValue={row.text}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  setRows((list) => list.map((r) => (r.id === row.id ? { ...r, text } : r)));
                }}
                maxLength={200}
                className="min-w-[12rem] flex-1"
              />
              {editable ? (
                <div className="ml-auto flex shrink-0">
                  <Button type="button" variant="ghost" size="icon" aria-label={`Move question ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                    <ArrowUp aria-hidden="true" />
                  </Button>
                  <Button type="button" variant="ghost" size="icon" aria-label={`Move question ${index + 1} down`} disabled={index === rows.length - 1} onClick={() => move(index, 1)}>
                    <ArrowDown aria-hidden="true" />
                  </Button>
                  <Button type="button" variant="ghost" size="icon" aria-label={`Remove question ${index + 1}`} onClick={() => setRows((list) => list.filter((r) => r.id !== row.id))}>
                    <Trash2 aria-hidden="true" />
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {error ? (
        <p className="text-xs font-medium text-destructive" role="alert">
          {error}
        </p>
      ) : null}
      {editable ? (
        <div>
          <Button
            type="button"
            variant="outline"
            size="sm"
            disabled={rows.length >= MAX_LEAD_QUESTIONS}
            onClick={() => setRows((list) => [...list, { id: nextId.current++, text: "" }])}
          >
            <Plus aria-hidden="true" />
            {rows.length >= MAX_LEAD_QUESTIONS ? `Up to ${MAX_LEAD_QUESTIONS} questions` : "Add question"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

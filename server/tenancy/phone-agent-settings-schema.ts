// The phone agent's settings, kept in Tenant.settings: who it says it is, where it hands callers
// over, what it asks leads, and how long calls may run. One zod schema, parsed in the business's
// country so numbers typed the local way are stored as E.164 (the runtime and post-call jobs
// only trust E.164). The `voice` block reuses the runtime's own schema so the two never drift.
import { z } from "zod";
import { voiceSettings } from "../../agents/voice/call-setup";
import { parsePhone } from "../contacts/phone";

export const OPENAI_VOICES = ["alloy", "echo", "fable", "onyx", "nova", "shimmer"] as const;
export const MAX_LEAD_QUESTIONS = 4;

/** An empty ElevenLabs voice field means "use the default voice". */
function dropBlankVoiceId(voice: unknown): unknown {
  const persona = voice && typeof voice === "object" ? (voice as { persona?: unknown }).persona : undefined;
  if (!persona || typeof persona !== "object") return voice;
  const { elevenLabsVoiceId, ...rest } = persona as Record<string, unknown>;
  const blank = typeof elevenLabsVoiceId === "string" && elevenLabsVoiceId.trim() === "";
  return blank ? { ...(voice as object), persona: rest } : voice;
}

/** The runtime's voice schema without its silent fallback: a bad value here is an error to show, not a default. */
const voiceSchema = z.preprocess(dropBlankVoiceId, voiceSettings.removeCatch()).superRefine((voice, ctx) => {
  if (!(OPENAI_VOICES as readonly string[]).includes(voice.persona.openAiVoice)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["persona", "openAiVoice"], message: "Choose a voice from the list" });
  }
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(voice.persona.language)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["persona", "language"], message: "Use a language code such as en or en-US" });
  }
});

/** Blank form fields mean "not set": they are removed from the stored settings. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

function phoneField(country: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(40)
      .transform((text, ctx) => {
        const parsed = parsePhone(text, country);
        if (!parsed.ok) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.reason });
          return z.NEVER;
        }
        if (parsed.phone.extension) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "The agent cannot dial an extension; use a direct number" });
          return z.NEVER;
        }
        return parsed.phone.e164;
      })
      .optional(),
  );
}

const emailList = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(500)
    .transform((text, ctx) => {
      const list = [...new Set(text.split(/[,;\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
      const bad = list.find((s) => !z.string().email().safeParse(s).success);
      if (bad) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${bad}" is not an e-mail address` });
        return z.NEVER;
      }
      return list.join(", ");
    })
    .optional(),
);

/** The phone agent's keys of Tenant.settings, parsed in the business's country (ISO 3166-1 alpha-2). */
export function phoneAgentSettingsSchema(country: string) {
  return z.object({
    voice: voiceSchema.default({}),
    transferNumber: phoneField(country),
    onCallNumber: phoneField(country),
    /** The business's public number, read out when the agent asks someone to call back. */
    phone: phoneField(country),
    notificationEmail: emailList,
    currency: z.preprocess(
      (v) => (typeof v === "string" ? blankToUndefined(v.trim().toUpperCase()) : v),
      z.string().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as USD").optional(),
    ),
    recordCalls: z.boolean().default(false),
    qualifyingQuestions: z
      .array(z.string().trim().max(200, "At most 200 characters"))
      .transform((qs) => qs.filter((q) => q.length > 0))
      .pipe(z.array(z.string()).max(MAX_LEAD_QUESTIONS, `At most ${MAX_LEAD_QUESTIONS} questions`))
      .default([]),
  });
}

export type PhoneAgentSettingsInput = z.input<ReturnType<typeof phoneAgentSettingsSchema>>;
export type PhoneAgentSettings = z.output<ReturnType<typeof phoneAgentSettingsSchema>>;

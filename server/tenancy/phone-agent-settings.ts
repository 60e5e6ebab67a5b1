// Reads and changes the phone agent's settings (persona, hand-over numbers, lead questions, call
// limits). They live in Tenant.settings next to keys other features own, so a save merges into
// the stored object under a row lock and never drops a key it does not know.
import type { ZodError } from "zod";
import type { PrismaClient, Tx } from "../db";
import { Prisma } from "../db";
import { recordAudit } from "../audit/log";
import type { TenantWriteContext } from "./business-profile";
import { phoneAgentSettingsSchema, type PhoneAgentSettings, type PhoneAgentSettingsInput } from "./phone-agent-settings-schema";

/** The input broke a rule; `issues` say which field and why. */
export class InvalidPhoneAgentSettingsError extends Error {
  constructor(readonly zodError: ZodError) {
    super(zodError.issues[0]?.message ?? "Invalid phone agent settings");
    this.name = "InvalidPhoneAgentSettingsError";
  }
}

type Json = Record<string, unknown>;
const objectOf = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

const TOP_KEYS = ["transferNumber", "onCallNumber", "phone", "notificationEmail", "currency", "recordCalls", "qualifyingQuestions"] as const;

/**
 * What is stored, read leniently: a value that no longer passes today's rules (hand-edited, or
 * from an older version) shows as unset rather than failing the page.
 */
function readStored(settings: Json, country: string): { settings: PhoneAgentSettings; ignored: string[] } {
  const schema = phoneAgentSettingsSchema(country);
  const voice = objectOf(settings.voice);
  const persona = objectOf(voice.persona);
  const candidate: Json = {
    voice: {
      ...voice,
      // The persona name and `assistantName` (the AI disclosure) are one thing to the business.
      persona: { ...persona, name: persona.name ?? settings.assistantName },
    },
  };
  for (const key of TOP_KEYS) candidate[key] = settings[key];
  // Drop each offending value (it falls back to unset or its default) and try again.
  const ignored: string[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) return { settings: parsed.data, ignored };
    for (const issue of parsed.error.issues) {
      ignored.push(issue.path.join("."));
      removeAt(candidate, issue.path);
    }
  }
  return { settings: schema.parse({}), ignored: ["*"] };
}

function removeAt(target: Json, path: (string | number)[]) {
  if (path.length === 0) return;
  let node: unknown = target;
  for (const step of path.slice(0, -1)) node = objectOf(node)[String(step)];
  if (node && typeof node === "object") delete (node as Json)[String(path[path.length - 1])];
}

async function tenantRow(db: Tx | PrismaClient, tenantId: string) {
  return db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { country: true, settings: true, updatedAt: true } });
}

export async function getPhoneAgentSettings(db: Tx | PrismaClient, tenantId: string) {
  const t = await tenantRow(db, tenantId);
  const { settings, ignored } = readStored(objectOf(t.settings), t.country);
  // `ignored`: stored values that fail today's rules, shown as unset so the page can say so.
  return { settings, ignored, country: t.country, updatedAt: t.updatedAt };
}

/** Dotted paths whose value differs between two plain JSON objects ("voice.persona.name"). */
function changedPaths(before: Json, after: Json, prefix = ""): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const out: string[] = [];
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    // A block that appears or disappears reports its leaves, so the entry names "voice.persona.name".
    const nested = (isObj(a) || a === undefined) && (isObj(b) || b === undefined) && (isObj(a) || isObj(b));
    if (nested) out.push(...changedPaths(objectOf(a), objectOf(b), `${prefix}${key}.`));
    else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${prefix}${key}`);
  }
  return out;
}

/** Sets `key` to `value`, or removes it when the value is unset. */
function put(target: Json, key: string, value: unknown) {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/**
 * Replaces the phone agent's keys with `input` (the whole form). Phones are parsed in the
 * business's country. Returns the settings and the dotted keys that changed; nothing is written
 * or audited when nothing changed.
 */
export async function updatePhoneAgentSettings(
  ctx: TenantWriteContext,
  input: PhoneAgentSettingsInput,
): Promise<{ settings: PhoneAgentSettings; changed: string[] }> {
  // Lock the row: other features write their own keys of the same JSON object, and a
  // read-merge-write without the lock could lose theirs.
  await ctx.db.$queryRaw`SELECT 1 FROM "Tenant" WHERE id = ${ctx.tenantId} FOR UPDATE`;
  const t = await tenantRow(ctx.db, ctx.tenantId);
  const parsed = phoneAgentSettingsSchema(t.country).safeParse(input);
  if (!parsed.success) throw new InvalidPhoneAgentSettingsError(parsed.error);
  const next = parsed.data;

  const stored = objectOf(t.settings);
  const merged: Json = { ...stored };
  for (const key of TOP_KEYS) put(merged, key, next[key]);
  const storedVoice = objectOf(stored.voice);
  const persona: Json = { ...objectOf(storedVoice.persona), ...next.voice.persona };
  put(persona, "elevenLabsVoiceId", next.voice.persona.elevenLabsVoiceId);
  merged.voice = { ...storedVoice, ...next.voice, persona };
  merged.assistantName = next.voice.persona.name;

  const changed = changedPaths(stored, merged);
  if (changed.length === 0) return { settings: readStored(stored, t.country).settings, changed };

  await ctx.db.tenant.update({ where: { id: ctx.tenantId }, data: { settings: merged as Prisma.InputJsonValue } });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "business.phone_agent_updated",
    targetType: "tenant",
    targetId: ctx.tenantId,
    ip: ctx.ip,
    // Key names only: numbers and addresses are personal data the audit log need not copy.
    meta: { fields: changed },
  });
  return { settings: readStored(merged, t.country).settings, changed };
}

// Contacts: validation and normalisation (shared by the form, the API and CSV import),
// create with duplicate detection, update, notes, and merging two contacts.
import { z } from "zod";
import { Prisma, type Tx } from "../db";
import type { Contact } from "../db/generated/client";
import { recordAudit } from "../audit/log";
import { parsePhone } from "./phone";
import { isValidTimezone } from "./timezones";

export type { Contact };

/** What every contact service receives: the tenant transaction and who is acting. */
export interface ContactContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export const CONSENT_STATUSES = ["unknown", "granted", "denied", "revoked"] as const;

const text = (max: number) => z.string().trim().max(max);

/** The fields a person or a file can set. Phone numbers arrive as typed and are parsed here. */
export const contactFieldsSchema = z.object({
  givenName: text(100),
  familyName: text(100),
  phone: text(40).nullable(),
  altPhone: text(40).nullable(),
  // Unions try the filled-in form first: a failed option builds an error (~5 µs), and most values
  // are filled in (a 100,000-row import built 300,000 of them). An empty value fails the first
  // option and passes the second; a bad value still reports the first option's message.
  email: z.union([z.string().trim().toLowerCase().email("Not a valid e-mail address").max(254), z.literal("")]).nullable(),
  company: text(200),
  title: text(200),
  addressLine1: text(200),
  addressLine2: text(200),
  city: text(100),
  region: text(100),
  postalCode: text(20),
  country: z.union([z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Use a two-letter country code"), z.literal("")]),
  timezone: z.union([z.string().trim().refine(isValidTimezone, "Unknown time zone"), z.literal("")]).nullable(),
  tags: z.array(text(50)).max(50),
  notes: text(10_000),
  source: text(40).min(1),
  consentStatus: z.enum(CONSENT_STATUSES),
  consentSource: text(200).nullable(),
  consentAt: z.coerce.date().nullable(),
  doNotCall: z.boolean(),
});
export type ContactFields = z.infer<typeof contactFieldsSchema>;

export const externalIdSchema = z.object({ source: text(40).min(1), externalId: text(200).min(1) });

export const createContactInput = contactFieldsSchema.partial().extend({
  externalIds: z.array(externalIdSchema).max(10).optional(),
  /** Create even when a contact with the same phone or e-mail exists. */
  allowDuplicate: z.boolean().optional(),
});
export type CreateContactInput = z.input<typeof createContactInput>;

export const updateContactInput = contactFieldsSchema.partial().extend({ id: z.string().min(1).max(64) });
export type UpdateContactInput = z.input<typeof updateContactInput>;

/** The stored shape of a contact's own columns (what create and import write). */
// latestAppointmentAt and oldestUnpaidDueDate are kept by triggers (migration 20261203130000_crm_perf), never written here.
export type ContactRow = Omit<Contact, "id" | "tenantId" | "createdAt" | "updatedAt" | "latestAppointmentAt" | "oldestUnpaidDueDate">;

export interface TenantDefaults {
  country: string;
  timezone: string;
}

export async function tenantDefaults(ctx: ContactContext): Promise<TenantDefaults> {
  const t = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { country: true, timezone: true } });
  return t;
}

export class ContactError extends Error {
  constructor(
    readonly code: "INVALID" | "NOT_FOUND" | "DUPLICATE",
    message: string,
    readonly duplicates: ContactMatch[] = [],
  ) {
    super(message);
  }
}

/** Problems with one field, as a user can fix them. */
export type FieldProblems = Partial<Record<keyof ContactFields, string>>;

/** Tags compare case-insensitively; we keep them lower-cased and unique. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

/**
 * Turns validated fields into the stored row: phones to E.164 (business country as default),
 * timezone explicit, else from the phone number, else the business's, with `timezoneSource`
 * saying which ("explicit", "phone", "business": the compliance guard trusts only the first two).
 * Only the fields present in `fields` are returned, so an update touches only what it was given;
 * an update keeps the contact's zone when a new number comes without one (updateContact derives
 * it again when the zone was not chosen by hand).
 */
export function normaliseFields(
  fields: Partial<ContactFields>,
  defaults: TenantDefaults,
  mode: "create" | "update" = "create",
): { ok: true; row: Partial<ContactRow> } | { ok: false; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const row: Partial<ContactRow> = {};
  for (const [key, value] of Object.entries(fields) as [keyof ContactFields, unknown][]) {
    if (value === undefined || key === "phone" || key === "altPhone") continue;
    (row as Record<string, unknown>)[key] = value;
  }
  if (fields.email !== undefined) row.email = fields.email || null;
  if (fields.tags !== undefined) row.tags = normaliseTags(fields.tags);
  if (fields.timezone !== undefined) row.timezone = fields.timezone || undefined;
  if (row.timezone) row.timezoneSource = "explicit";
  let phoneZone: string | null = null;
  for (const key of ["phone", "altPhone"] as const) {
    const raw = fields[key];
    if (raw === undefined) continue;
    if (!raw) {
      row[key] = null;
      if (key === "phone") row.phoneExtension = null;
      continue;
    }
    const parsed = parsePhone(raw, fields.country || defaults.country);
    if (!parsed.ok) {
      problems[key] = parsed.reason;
      continue;
    }
    row[key] = parsed.phone.e164;
    if (key === "phone") {
      row.phoneExtension = parsed.phone.extension;
      phoneZone = parsed.phone.timezone;
    }
  }
  if (Object.keys(problems).length) return { ok: false, problems };
  if (!row.timezone && (mode === "create" || fields.timezone !== undefined)) {
    row.timezone = phoneZone ?? defaults.timezone;
    row.timezoneSource = phoneZone ? "phone" : "business";
  }
  if (row.consentStatus && row.consentStatus !== "unknown" && !row.consentAt && fields.consentAt === undefined) {
    row.consentAt = new Date();
  }
  return { ok: true, row };
}

/** A complete row for a new contact, with defaults for what was not given. */
export function newContactRow(partial: Partial<ContactRow>, defaults: TenantDefaults): ContactRow {
  return {
    givenName: "",
    familyName: "",
    phone: null,
    phoneExtension: null,
    altPhone: null,
    email: null,
    company: "",
    title: "",
    addressLine1: "",
    addressLine2: "",
    city: "",
    region: "",
    postalCode: "",
    country: "",
    tags: [],
    notes: "",
    source: "manual",
    consentStatus: "unknown",
    consentSource: null,
    consentAt: null,
    doNotCall: false,
    ...partial,
    timezone: partial.timezone ?? defaults.timezone,
    // A zone given without its source was named by the caller; none given is the business's.
    timezoneSource: partial.timezone ? (partial.timezoneSource ?? "explicit") : "business",
  };
}

/** True when the row names someone or something we could call or write to. */
export function isIdentifiable(row: Pick<ContactRow, "givenName" | "familyName" | "company" | "phone" | "email">): boolean {
  return Boolean(row.givenName || row.familyName || row.company || row.phone || row.email);
}

export interface ContactMatch {
  id: string;
  givenName: string;
  familyName: string;
  company: string;
  phone: string | null;
  email: string | null;
  /** Which value the two contacts share. */
  matchedOn: "phone" | "email";
}

/** Contacts sharing a phone number (either of both numbers) or the e-mail address. */
export async function findDuplicates(
  ctx: ContactContext,
  probe: { phones: (string | null | undefined)[]; email?: string | null; excludeId?: string },
): Promise<ContactMatch[]> {
  const phones = probe.phones.filter((p): p is string => Boolean(p));
  if (!phones.length && !probe.email) return [];
  const rows = await ctx.db.contact.findMany({
    where: {
      tenantId: ctx.tenantId,
      id: probe.excludeId ? { not: probe.excludeId } : undefined,
      OR: [
        ...(phones.length ? [{ phone: { in: phones } }, { altPhone: { in: phones } }] : []),
        ...(probe.email ? [{ email: probe.email }] : []),
      ],
    },
    select: { id: true, givenName: true, familyName: true, company: true, phone: true, altPhone: true, email: true },
    take: 10,
  });
  return rows.map(({ altPhone, ...r }) => ({
    ...r,
    matchedOn: phones.some((p) => p === r.phone || p === altPhone) ? "phone" : "email",
  }));
}

function invalid(problems: FieldProblems): ContactError {
  const [field, reason] = Object.entries(problems)[0] ?? ["", "Invalid contact"];
  return new ContactError("INVALID", `${field}: ${reason}`);
}

/**
 * Creates a contact. A contact with the same phone or e-mail is reported as a DUPLICATE error
 * (carrying the matches, so the page can offer to open or merge) unless `allowDuplicate`.
 */
export async function createContact(ctx: ContactContext, rawInput: CreateContactInput): Promise<Contact> {
  const { externalIds = [], allowDuplicate, ...fields } = createContactInput.parse(rawInput);
  const defaults = await tenantDefaults(ctx);
  const normalised = normaliseFields(fields, defaults);
  if (!normalised.ok) throw invalid(normalised.problems);
  const row = newContactRow(normalised.row, defaults);
  if (!isIdentifiable(row)) throw new ContactError("INVALID", "Give at least a name, a company, a phone number or an e-mail address.");
  if (!allowDuplicate) {
    const duplicates = await findDuplicates(ctx, { phones: [row.phone, row.altPhone], email: row.email });
    if (duplicates.length) {
      throw new ContactError("DUPLICATE", "A contact with the same phone number or e-mail address already exists.", duplicates);
    }
  }
  const contact = await ctx.db.contact.create({
    data: {
      ...row,
      tenantId: ctx.tenantId,
      externalIds: { create: externalIds.map((e) => ({ ...e, tenantId: ctx.tenantId })) },
    },
  });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "contact.created", targetType: "contact", targetId: contact.id });
  return contact;
}

export async function getContact(ctx: ContactContext, id: string) {
  const contact = await ctx.db.contact.findFirst({
    where: { id, tenantId: ctx.tenantId },
    include: { externalIds: { select: { source: true, externalId: true } } },
  });
  if (!contact) throw new ContactError("NOT_FOUND", "That contact does not exist (it may have been merged or deleted).");
  return contact;
}

/** Whether an update's phone field (as typed) is another number than the stored one. */
function isNewNumber(raw: string | null | undefined, stored: string | null, country: string): boolean {
  if (raw === undefined) return false;
  if (!raw) return stored !== null;
  const parsed = parsePhone(raw, country);
  return parsed.ok && parsed.phone.e164 !== stored;
}

export async function updateContact(ctx: ContactContext, rawInput: UpdateContactInput): Promise<Contact> {
  const { id, ...parsedFields } = updateContactInput.parse(rawInput);
  const existing = await getContact(ctx, id);
  const defaults = await tenantDefaults(ctx);
  const fields = { ...parsedFields };
  const country = fields.country || existing.country || defaults.country;
  // A zone nobody chose (source phone or business) follows a new number: derived again. The edit
  // form sends the stored zone back unchanged: that names nothing new, so zone and source stay.
  const zoneUnchanged = fields.timezone === undefined || fields.timezone === existing.timezone;
  if (zoneUnchanged && existing.timezoneSource !== "explicit" && isNewNumber(fields.phone, existing.phone, country)) fields.timezone = "";
  else if (fields.timezone && fields.timezone === existing.timezone) delete fields.timezone;
  const normalised = normaliseFields(fields, { ...defaults, country }, "update");
  if (!normalised.ok) throw invalid(normalised.problems);
  const contact = await ctx.db.contact.update({ where: { id }, data: normalised.row });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "contact.updated",
    targetType: "contact",
    targetId: id,
    meta: { fields: Object.keys(normalised.row) },
  });
  return contact;
}

/**
 * Whether the database refused a delete because other rows still point at the row. Prisma maps
 * a NO ACTION foreign key to P2003, but through the pg driver adapter a RESTRICT one (Invoice's)
 * arrives as a DriverAdapterError whose cause carries PostgreSQL's code 23001.
 */
function isReferencedRow(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2003";
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === "23001" || code === "23503";
}

export async function deleteContact(ctx: ContactContext, id: string): Promise<void> {
  await getContact(ctx, id);
  try {
    await ctx.db.contact.delete({ where: { id } });
  } catch (error) {
    // Invoices keep their contact (money owed must not lose its debtor): the foreign key refuses.
    if (isReferencedRow(error)) {
      throw new ContactError("INVALID", "This contact has invoices, so it can't be deleted. Merge it into another contact instead to keep its history in one place.");
    }
    throw error;
  }
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "contact.deleted", targetType: "contact", targetId: id });
}

export const addNoteInput = z.object({ contactId: z.string().min(1).max(64), body: z.string().trim().min(1).max(10_000) });

export async function addNote(ctx: ContactContext, rawInput: z.input<typeof addNoteInput>) {
  const input = addNoteInput.parse(rawInput);
  await getContact(ctx, input.contactId);
  const note = await ctx.db.contactNote.create({
    data: { tenantId: ctx.tenantId, contactId: input.contactId, authorId: ctx.actorId, body: input.body },
  });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "contact.note_added", targetType: "contact", targetId: input.contactId });
  return note;
}

export async function listNotes(ctx: ContactContext, contactId: string) {
  return ctx.db.contactNote.findMany({ where: { tenantId: ctx.tenantId, contactId }, orderBy: { createdAt: "desc" }, take: 200 });
}

export const mergeContactsInput = z.object({
  /** The contact that stays. */
  keepId: z.string().min(1).max(64),
  /** The contact folded into it and removed. */
  mergeId: z.string().min(1).max(64),
});

const FILLABLE = [
  "givenName", "familyName", "company", "title", "addressLine1", "addressLine2", "city", "region",
  "postalCode", "country", "email", "phoneExtension", "consentSource",
] as const;

/**
 * Folds `mergeId` into `keepId`: empty fields of the kept contact are filled from the other,
 * the other's phone becomes the alternate number when there is room, tags are joined, and
 * do-not-call wins (a person who asked not to be called stays uncalled). Every row of any table
 * that points at the merged contact (notes, external ids, and the calls, appointments and
 * invoices that later tables add) is re-pointed, found through the foreign keys themselves so a
 * new table can never be forgotten. Then the merged contact is deleted.
 */
export async function mergeContacts(ctx: ContactContext, rawInput: z.input<typeof mergeContactsInput>): Promise<Contact> {
  const { keepId, mergeId } = mergeContactsInput.parse(rawInput);
  if (keepId === mergeId) throw new ContactError("INVALID", "Choose two different contacts to merge.");
  // Lock both rows in a fixed order so two merges of the same pair cannot interleave.
  await ctx.db.$queryRaw`SELECT id FROM "Contact" WHERE id IN (${keepId}, ${mergeId}) AND "tenantId" = ${ctx.tenantId} ORDER BY id FOR UPDATE`;
  const keep = await getContact(ctx, keepId);
  const other = await getContact(ctx, mergeId);

  const data: Prisma.ContactUpdateInput = {};
  for (const key of FILLABLE) {
    if (!keep[key] && other[key]) (data as Record<string, unknown>)[key] = other[key];
  }
  const phones = [keep.phone, keep.altPhone];
  const extra = [other.phone, other.altPhone].filter((p): p is string => Boolean(p) && !phones.includes(p));
  if (!keep.phone && extra.length) data.phone = extra.shift();
  if (!keep.altPhone && extra.length) data.altPhone = extra.shift();
  data.tags = normaliseTags([...keep.tags, ...other.tags]);
  if (other.notes && other.notes !== keep.notes) data.notes = [keep.notes, other.notes].filter(Boolean).join("\n\n");
  if (other.doNotCall) data.doNotCall = true;
  if (keep.consentStatus === "unknown" && other.consentStatus !== "unknown") {
    data.consentStatus = other.consentStatus;
    data.consentAt = other.consentAt;
    data.consentSource = other.consentSource;
  }
  if (other.createdAt < keep.createdAt) data.createdAt = other.createdAt;

  const references = await ctx.db.$queryRaw<{ tbl: string; col: string }[]>`
    SELECT c.conrelid::regclass::text AS tbl, quote_ident(a.attname) AS col
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.contype = 'f' AND c.confrelid = '"Contact"'::regclass AND array_length(c.conkey, 1) = 1`;
  for (const ref of references) {
    // Identifiers come from the catalog (regclass text and quote_ident are already quoted).
    await ctx.db.$executeRawUnsafe(`UPDATE ${ref.tbl} SET ${ref.col} = $1 WHERE ${ref.col} = $2`, keepId, mergeId);
  }
  await ctx.db.contact.delete({ where: { id: mergeId } });
  const merged = await ctx.db.contact.update({ where: { id: keepId }, data });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "contact.merged",
    targetType: "contact",
    targetId: keepId,
    // The merged contact's own values, so the merge can be understood (and undone by hand) later.
    meta: { mergedId: mergeId, merged: JSON.parse(JSON.stringify(other)) as Record<string, unknown> },
  });
  return merged;
}

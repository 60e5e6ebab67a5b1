// Contacts API: thin over server/contacts. Members read; owners, admins and staff write.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { staffProcedure, router, tenantProcedure } from "../trpc/init";
import {
  addNote,
  addNoteInput,
  ContactError,
  createContact,
  createContactInput,
  deleteContact,
  findDuplicates,
  getContact,
  listNotes,
  mergeContacts,
  mergeContactsInput,
  updateContact,
  updateContactInput,
  type ContactContext,
} from "../contacts/contacts";
import { listContacts, listContactsInput, searchContacts } from "../contacts/search";
import { getImportRecord } from "../contacts/import";
import { contactImportPreviewInput, previewContactImport } from "../contacts/import-preview";
import { contactTimeline } from "../contacts/timeline";
import { parsePhone } from "../contacts/phone";

const idInput = z.object({ id: z.string().min(1).max(64) });

function contactCtx(ctx: { db: ContactContext["db"]; tenantId: string; user: { id: string } }): ContactContext {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id };
}

/** Expected contact failures become tRPC errors a page can show; duplicates carry their matches. */
async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof ContactError)) throw error;
    const code = error.code === "NOT_FOUND" ? "NOT_FOUND" : error.code === "DUPLICATE" ? "CONFLICT" : "BAD_REQUEST";
    throw new TRPCError({ code, message: error.message, cause: error });
  }
}

export const contactsRouter = router({
  list: tenantProcedure.input(listContactsInput).query(({ ctx, input }) => listContacts(contactCtx(ctx), input)),

  search: tenantProcedure
    .input(z.object({ q: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(50).default(10) }))
    .query(({ ctx, input }) => searchContacts(contactCtx(ctx), { ...input, country: ctx.tenant.country })),

  get: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => getContact(contactCtx(ctx), input.id))),

  /** Notes, appointments, invoices and payments, newest first. */
  timeline: tenantProcedure.input(idInput).query(({ ctx, input }) => contactTimeline(contactCtx(ctx), input.id)),

  notes: tenantProcedure.input(idInput).query(({ ctx, input }) => listNotes(contactCtx(ctx), input.id)),

  /** The contacts a new one would duplicate, checked as the form is filled in. */
  duplicates: tenantProcedure
    .input(z.object({ phone: z.string().max(40).optional(), email: z.string().max(254).optional(), excludeId: z.string().max(64).optional() }))
    .query(({ ctx, input }) => {
      const phone = input.phone ? parsePhone(input.phone, ctx.tenant.country) : null;
      return findDuplicates(contactCtx(ctx), {
        phones: [phone?.ok ? phone.phone.e164 : null],
        email: input.email?.trim().toLowerCase() || null,
        excludeId: input.excludeId,
      });
    }),

  create: staffProcedure.input(createContactInput).mutation(({ ctx, input }) => run(() => createContact(contactCtx(ctx), input))),

  update: staffProcedure.input(updateContactInput).mutation(({ ctx, input }) => run(() => updateContact(contactCtx(ctx), input))),

  delete: staffProcedure.input(idInput).mutation(({ ctx, input }) => run(() => deleteContact(contactCtx(ctx), input.id))),

  addNote: staffProcedure.input(addNoteInput).mutation(({ ctx, input }) => run(() => addNote(contactCtx(ctx), input))),

  merge: staffProcedure.input(mergeContactsInput).mutation(({ ctx, input }) => run(() => mergeContacts(contactCtx(ctx), input))),

  /** The mapping screen's preview of a CSV file's first rows (nothing is written). */
  importPreview: staffProcedure
    .input(contactImportPreviewInput)
    .mutation(({ ctx, input }) => run(() => previewContactImport(contactCtx(ctx), input))),

  /** An import's progress and result, polled by the import page. */
  importStatus: tenantProcedure.input(idInput).query(async ({ ctx, input }) => {
    const record = await getImportRecord(contactCtx(ctx), input.id);
    if (!record) throw new TRPCError({ code: "NOT_FOUND", message: "That import does not exist." });
    return record;
  }),
});

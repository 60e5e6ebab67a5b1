// Invoices API: thin over server/invoices. Members read; owners, admins and staff write.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Tx } from "../db";
import { router, staffProcedure, tenantProcedure } from "../trpc/init";
import {
  createInvoice,
  createInvoiceInput,
  getInvoice,
  InvoiceError,
  issueInvoice,
  listInvoices,
  listInvoicesInput,
  updateInvoice,
  updateInvoiceInput,
  voidInvoice,
  type InvoiceContext,
} from "../invoices/invoices";
import { addPromise, addPromiseInput, recordPayment, recordPaymentInput } from "../invoices/payments";
import { agingSummary } from "../invoices/aging";
import { invoiceImportPreviewInput, previewInvoiceImport } from "../invoices/import";

const idInput = z.object({ id: z.string().min(1).max(64) });

function invoiceCtx(ctx: { db: Tx; tenantId: string; user: { id: string }; ip: string }): InvoiceContext {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id, ip: ctx.ip };
}

const TRPC_CODE = { NOT_FOUND: "NOT_FOUND", INVALID: "BAD_REQUEST", CONFLICT: "CONFLICT" } as const;

/** Expected invoice failures become tRPC errors carrying their own message. */
async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof InvoiceError) throw new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
    throw error;
  }
}

export const invoicesRouter = router({
  list: tenantProcedure.input(listInvoicesInput).query(({ ctx, input }) => listInvoices(invoiceCtx(ctx), input)),
  aging: tenantProcedure.query(({ ctx }) => agingSummary(invoiceCtx(ctx))),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => getInvoice(invoiceCtx(ctx), input.id))),

  create: staffProcedure.input(createInvoiceInput).mutation(({ ctx, input }) => run(() => createInvoice(invoiceCtx(ctx), input))),
  update: staffProcedure.input(updateInvoiceInput).mutation(({ ctx, input }) => run(() => updateInvoice(invoiceCtx(ctx), input))),
  issue: staffProcedure.input(idInput).mutation(({ ctx, input }) => run(() => issueInvoice(invoiceCtx(ctx), input.id))),
  void: staffProcedure.input(idInput).mutation(({ ctx, input }) => run(() => voidInvoice(invoiceCtx(ctx), input.id))),
  recordPayment: staffProcedure.input(recordPaymentInput).mutation(({ ctx, input }) => run(() => recordPayment(invoiceCtx(ctx), input))),
  addPromise: staffProcedure.input(addPromiseInput).mutation(({ ctx, input }) => run(() => addPromise(invoiceCtx(ctx), input))),
  /** The import page's mapping screen: the guessed (or chosen) mapping and the first rows checked. */
  importPreview: staffProcedure
    .input(invoiceImportPreviewInput)
    .mutation(({ ctx, input }) => run(() => previewInvoiceImport(invoiceCtx(ctx), input))),
});

// Loader and action of the two outbox pages: a business's (Settings → Outbox, its own mail) and
// the platform's (mail that belongs to no business). Only the procedures differ.
import { json, type AppLoadContext } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { outboxParams } from "./outbox-view";

export type OutboxScope = "business" | "platform";

function procedures(request: Request, context: AppLoadContext, scope: OutboxScope) {
  const outbox = serverCaller(request, context).outbox;
  return scope === "business"
    ? { list: outbox.list, get: outbox.get, retry: outbox.retry }
    : { list: outbox.platformList, get: outbox.platformGet, retry: outbox.platformRetry };
}

/** A stale ?id= (message deleted, or another business's) just shows the list. */
function nullIfNotFound(err: unknown): null {
  if (err instanceof TRPCError && err.code === "NOT_FOUND") return null;
  throw err;
}

export async function loadOutbox(request: Request, context: AppLoadContext, scope: OutboxScope) {
  const { status, cursor, id } = outboxParams(request.url);
  const outbox = procedures(request, context, scope);
  const [list, message] = await Promise.all([
    outbox.list({ status, cursor }),
    id && !cursor ? outbox.get({ id }).catch(nullIfNotFound) : Promise.resolve(null),
  ]).catch(rethrowAsResponse);
  return json({
    page: { items: list.items, nextCursor: list.nextCursor },
    smtpConfigured: list.delivery.smtpConfigured,
    message,
    // Platform mail belongs to no business, so it has no business time zone.
    timeZone: scope === "business" ? (context.auth?.membership?.tenant.timezone ?? "UTC") : "UTC",
  });
}

const retryForm = z.object({ intent: z.literal("retry"), id: z.string().min(1).max(64) });

export async function retryOutboxMessage(request: Request, context: AppLoadContext, scope: OutboxScope) {
  const parsed = retryForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return jsonWithToast({ ok: false }, { type: "error", title: "That request was not understood." }, { status: 400 });
  try {
    await procedures(request, context, scope).retry({ id: parsed.data.id });
  } catch (err) {
    if (err instanceof TRPCError && err.code !== "INTERNAL_SERVER_ERROR") {
      return jsonWithToast({ ok: false }, { type: "error", title: "Couldn't retry", description: err.message });
    }
    throw err;
  }
  const url = new URL(request.url);
  return redirectWithToast(`${url.pathname}${url.search}`, { type: "success", title: "Queued to send again" });
}

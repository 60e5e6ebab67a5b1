// POST /resources/switch-business: opens another of the user's businesses (a new session bound
// to it, set by auth.switchBusiness), then lands on its dashboard.
import type { ActionFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { serverCaller } from "../../trpc.server";
import { redirectWithToast } from "../../toast.server";

const bodySchema = z.object({ tenantId: z.string().min(1) });

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = bodySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return redirectWithToast("/dashboard", { type: "error", title: "Choose a business to switch to." });
  }
  const resHeaders = new Headers();
  try {
    const caller = serverCaller(request, context, resHeaders);
    await caller.auth.switchBusiness(parsed.data);
    const name = (await caller.me.businesses()).find((b) => b.tenantId === parsed.data.tenantId)?.name;
    return redirectWithToast(
      "/dashboard",
      { type: "success", title: name ? `Switched to ${name}` : "Switched business" },
      { headers: resHeaders },
    );
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      return redirectWithToast("/dashboard", { type: "error", title: "Couldn't switch business", description: error.message });
    }
    throw error;
  }
}

// POST /logout: ends this session (or, with `everywhere`, every session of the user) and goes
// to the log-in page. Only POST: a link or prefetch must never sign anyone out.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { serverCaller } from "../trpc.server";
import { safeRedirect } from "./_auth+/auth-forms.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const resHeaders = new Headers();
  const auth = serverCaller(request, context, resHeaders).auth;
  if (form.get("everywhere") && context.auth) await auth.logoutEverywhere();
  else await auth.logout();
  return redirect(safeRedirect(form.get("redirectTo")) ?? "/login", { headers: resHeaders });
}

export async function loader() {
  return redirect("/");
}

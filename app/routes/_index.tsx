// "/" has no page of its own: signed-in people go to their dashboard, everyone else to sign-in.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export function loader({ context }: LoaderFunctionArgs) {
  return redirect(context.auth ? "/dashboard" : "/login");
}

import { redirect } from "@remix-run/node";

/** /settings opens the first tab. */
export function loader() {
  return redirect("/settings/business");
}

// POST /resources/theme: stores the light/dark/system preference (sent by the user menu).
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { themeCookie, themeSchema } from "../../theme.server";

const bodySchema = z.object({ theme: themeSchema });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = bodySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, error: "Choose light, dark or system." }, { status: 400 });
  return json({ ok: true, theme: parsed.data.theme }, { headers: { "Set-Cookie": themeCookie(parsed.data.theme) } });
}

// GET /appointments/contact-search?q=... : the booking form's contact picker (JSON, best matches
// first, through the contacts search that forgives typos and any phone format).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

const querySchema = z.object({ q: z.string().trim().max(200).default("") });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { q } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!q) return json({ contacts: [] });
  const hits = await serverCaller(request, context).contacts.search({ q, limit: 8 }).catch(rethrowAsResponse);
  return json({
    contacts: hits.map((c) => ({
      id: c.id,
      name: [c.givenName, c.familyName].filter(Boolean).join(" ") || c.company || c.phone || c.email || "Unnamed contact",
      detail: [c.phone, c.email, c.company].filter(Boolean).join(" · "),
    })),
  });
}

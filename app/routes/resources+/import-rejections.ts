// POST /resources/import-rejections: the rejected lines of a CSV import as a CSV file to fix and
// import again (line, reason, then the row as it was). The import page already holds the result,
// so it posts it back here rather than the server keeping every import's rejects around; this
// only formats, it reads nothing from the database. Signed-in members only.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { rejectionsCsv } from "../../../server/contacts/import";

const reportSchema = z.object({
  headers: z.array(z.string().max(1000)).max(500),
  rejections: z
    .array(z.object({ line: z.number().int().min(1), reason: z.string().max(2000), raw: z.array(z.string().max(100_000)).max(500) }))
    .max(5_000),
});

const bodySchema = z.object({
  // Becomes the file name: keep it to safe characters.
  name: z.string().regex(/^[\w.-]{1,100}$/).default("rejected-lines.csv"),
  report: z.string().max(20 * 1024 * 1024),
});

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.auth?.membership) return new Response("Please sign in.", { status: 401 });
  const body = bodySchema.safeParse(Object.fromEntries(await request.formData()));
  let report: z.infer<typeof reportSchema> | null = null;
  if (body.success) {
    try {
      const parsed = reportSchema.safeParse(JSON.parse(body.data.report));
      if (parsed.success) report = parsed.data;
    } catch {
      // Not JSON: answered below like any other malformed report.
    }
  }
  if (!body.success || !report) return new Response("That report could not be read.", { status: 400 });
  const name = body.data.name.endsWith(".csv") ? body.data.name : `${body.data.name}.csv`;
  // A BOM so spreadsheet apps open accents and non-Latin names as UTF-8.
  const csv = "\uFEFF" + [...rejectionsCsv(report.headers, report.rejections)].join("");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}

// Import do-not-call numbers from a CSV: the shared import flow (choose the file, map the columns,
// preview, import, per-line errors and a report of rejected lines). A bare column of numbers
// without a header row works too. Server half: campaigns_.do-not-call_.import.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { CsvImport } from "../../components/csv-import/csv-import";
import type { ImportFieldOption } from "../../components/csv-import/types";
import { PageHeader } from "../../components/ui/page-header";
import { importAction, importLoader } from "./campaigns_.do-not-call_.import.server";

export const meta: MetaFunction = () => [{ title: "Import do-not-call numbers · Switchboard" }];

const FIELDS: ImportFieldOption[] = [
  { key: "phone", label: "Phone number", required: true },
  { key: "reason", label: "Reason" },
];

export const loader = (args: LoaderFunctionArgs) => importLoader(args);
export const action = (args: ActionFunctionArgs) => importAction(args);

export default function ImportDoNotCallPage() {
  return (
    <>
      <PageHeader
        title="Import do-not-call numbers"
        description={
          <>
            <Link to="/campaigns/do-not-call" className="hover:underline">← Do not call</Link> · One number per line, with or without a header
            row; numbers without a country code are read as your business's country. Numbers already on the list, or repeated in the
            file, are counted as duplicates (“Unchanged”), and waiting calls to imported numbers stop at once.
          </>
        }
      />
      <CsvImport noun="numbers" fields={FIELDS} doneHref="/campaigns/do-not-call" doneLabel="See the list" reportName="do-not-call-rejected-lines.csv" />
    </>
  );
}

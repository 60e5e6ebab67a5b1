// Import invoices from a CSV (Zoho, QuickBooks, Xero, FreshBooks exports): the generic import
// flow with the invoice fields, a default currency and the date order as options (the server
// half is in invoices.import.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { InvoiceImportField } from "../../../server/invoices/import";
import { CsvImport } from "../../components/csv-import/csv-import";
import type { ImportFieldOption } from "../../components/csv-import/types";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { importAction, importLoader } from "./invoices.import.server";

export const meta: MetaFunction = () => [{ title: "Import invoices · Switchboard" }];

const FIELDS: (ImportFieldOption & { key: InvoiceImportField })[] = [
  { key: "number", label: "Invoice number", required: true },
  { key: "total", label: "Total", required: true },
  { key: "issueDate", label: "Issue date", required: true },
  { key: "dueDate", label: "Due date" },
  { key: "currency", label: "Currency" },
  { key: "amountDue", label: "Amount due" },
  { key: "amountPaid", label: "Amount paid" },
  { key: "status", label: "Status" },
  { key: "contactExternalId", label: "Contact's id" },
  { key: "contactPhone", label: "Contact's phone" },
  { key: "contactEmail", label: "Contact's e-mail" },
  { key: "lineSummary", label: "Description" },
  { key: "paymentUrl", label: "Payment link" },
  { key: "externalId", label: "Invoice id (accounting system)" },
];

export const loader = (args: LoaderFunctionArgs) => importLoader(args);
export const action = (args: ActionFunctionArgs) => importAction(args);

export default function ImportInvoicesPage() {
  const { dateOrder } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Import invoices"
        description="From your accounting tool's CSV export. Each invoice is matched to a contact by the contact's id, phone or e-mail, so import contacts first. Importing the same file again only updates what changed."
      />
      <CsvImport
        noun="invoices"
        fields={FIELDS}
        doneHref="/invoices"
        doneLabel="See invoices"
        reportName="invoices-rejected-lines.csv"
        options={
          <>
            <Field label="Currency when the file has none" hint="A three-letter code, e.g. USD or EUR.">
              <Input name="defaultCurrency" maxLength={3} placeholder="USD" className="uppercase" autoComplete="off" />
            </Field>
            <Field label="Dates like 03/04/2027 are" hint="Dates written 2027-04-03 read the same either way.">
              <Select name="dateOrder" defaultValue={dateOrder}>
                <option value="mdy">Month first (March 4)</option>
                <option value="dmy">Day first (3 April)</option>
              </Select>
            </Field>
          </>
        }
      />
    </>
  );
}

// Import contacts from a CSV (a phone, a CRM, a spreadsheet): the generic import flow with the
// contact fields; the import itself runs as a background job (contacts.import.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ImportField } from "../../../server/contacts/column-mapping";
import { CsvImport } from "../../components/csv-import/csv-import";
import type { ImportFieldOption } from "../../components/csv-import/types";
import { PageHeader } from "../../components/ui/page-header";
import { importAction, importLoader } from "./contacts.import.server";

export const meta: MetaFunction = () => [{ title: "Import contacts · Switchboard" }];

const FIELDS: (ImportFieldOption & { key: ImportField })[] = [
  { key: "fullName", label: "Full name" },
  { key: "givenName", label: "First name" },
  { key: "familyName", label: "Last name" },
  { key: "phone", label: "Phone" },
  { key: "altPhone", label: "Alternate phone" },
  { key: "email", label: "E-mail" },
  { key: "company", label: "Company" },
  { key: "title", label: "Job title" },
  { key: "addressLine1", label: "Address" },
  { key: "addressLine2", label: "Address line 2" },
  { key: "city", label: "City" },
  { key: "region", label: "State / region" },
  { key: "postalCode", label: "Postal code" },
  { key: "country", label: "Country (2 letters)" },
  { key: "timezone", label: "Time zone" },
  { key: "tags", label: "Tags" },
  { key: "notes", label: "Notes" },
  { key: "doNotCall", label: "Do not call (yes/no)" },
  { key: "consentStatus", label: "Consent" },
  { key: "externalId", label: "Id in your other system" },
];

export const loader = (args: LoaderFunctionArgs) => importLoader(args);
export const action = (args: ActionFunctionArgs) => importAction(args);

export default function ImportContactsPage() {
  return (
    <>
      <PageHeader
        title="Import contacts"
        description="From your phone, CRM or a spreadsheet. Each row is matched to an existing contact by its id, then phone, then e-mail, so importing the same file again creates nothing new. Every row needs a name, company, phone or e-mail."
      />
      <CsvImport noun="contacts" fields={FIELDS} doneHref="/contacts" doneLabel="See contacts" reportName="contacts-rejected-lines.csv" />
    </>
  );
}

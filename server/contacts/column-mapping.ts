// Which CSV column feeds which contact field, guessed from header names and their common
// synonyms (English, French, German, Spanish: what CRMs and phones export). The mapping
// screen shows the guess and lets a person correct it.
import { z } from "zod";

export const IMPORT_FIELDS = [
  "externalId", "fullName", "givenName", "familyName", "phone", "altPhone", "email", "company", "title",
  "addressLine1", "addressLine2", "city", "region", "postalCode", "country", "timezone", "tags", "notes",
  "doNotCall", "consentStatus",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index -> field; columns left out are ignored. */
export const columnMappingSchema = z.record(z.string().regex(/^\d+$/), z.enum(IMPORT_FIELDS));
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

const SYNONYMS: Record<ImportField, string[]> = {
  externalId: ["id", "external id", "contact id", "customer id", "client id", "record id", "crm id", "reference", "ref"],
  fullName: ["name", "full name", "contact name", "contact", "customer", "customer name", "client", "client name", "display name", "nom complet", "nombre completo"],
  givenName: ["first name", "firstname", "given name", "forename", "first", "prenom", "vorname", "nombre"],
  familyName: ["last name", "lastname", "surname", "family name", "last", "nom", "nom de famille", "nachname", "apellido", "apellidos"],
  phone: ["phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell", "cell phone", "primary phone", "phone 1", "work phone", "telefon", "telefono", "portable", "numero"],
  altPhone: ["alternate phone", "alt phone", "other phone", "secondary phone", "home phone", "phone 2", "second phone", "landline"],
  email: ["email", "e mail", "email address", "e mail address", "mail", "courriel", "correo", "primary email"],
  company: ["company", "company name", "organization", "organisation", "business", "account", "account name", "firm", "societe", "entreprise", "firma", "empresa"],
  title: ["title", "job title", "position", "role", "job", "poste", "funktion", "cargo"],
  addressLine1: ["address", "address 1", "address line 1", "street", "street address", "adresse", "strasse", "direccion"],
  addressLine2: ["address 2", "address line 2", "suite", "apartment", "unit"],
  city: ["city", "town", "locality", "ville", "stadt", "ciudad"],
  region: ["state", "province", "region", "county", "state province", "bundesland", "provincia"],
  postalCode: ["zip", "zip code", "zipcode", "postal code", "postcode", "post code", "code postal", "plz", "codigo postal"],
  country: ["country", "country code", "pays", "land", "pais"],
  timezone: ["timezone", "time zone", "tz"],
  tags: ["tags", "tag", "labels", "label", "groups", "group", "categories", "category", "segment"],
  notes: ["notes", "note", "comments", "comment", "description", "remarks", "memo"],
  doNotCall: ["do not call", "dnc", "donotcall", "no calls", "opt out", "opted out"],
  consentStatus: ["consent", "consent status", "marketing consent", "opt in", "opted in"],
};

/** "E-Mail Address" -> "e mail address"; accents dropped so "Prénom" matches "prenom". */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Normalised header -> field, from each field's own name ("postalCode" -> "postal code") and its synonyms. */
export function headerLookup<F extends string>(synonyms: Record<F, string[]>): Map<string, F> {
  const lookup = new Map<string, F>();
  for (const field of Object.keys(synonyms) as F[]) {
    lookup.set(normaliseHeader(field.replace(/([A-Z])/g, " $1")), field);
    for (const s of synonyms[field]) lookup.set(s, field);
  }
  return lookup;
}

/** Each field goes to the first column whose header names it (shared by the invoice import). */
export function suggestColumns<F extends string>(headers: readonly string[], lookup: Map<string, F>): Record<string, F> {
  const mapping: Record<string, F> = {};
  const taken = new Set<F>();
  headers.forEach((header, index) => {
    const field = lookup.get(normaliseHeader(header));
    if (field && !taken.has(field)) {
      mapping[String(index)] = field;
      taken.add(field);
    }
  });
  return mapping;
}

const LOOKUP = headerLookup(SYNONYMS);

/** The guessed mapping for a contacts file. */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  return suggestColumns(headers, LOOKUP);
}

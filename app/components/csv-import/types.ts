// What a route hosting the CSV import flow returns from its action: the contract between the
// generic screens (csv-import.tsx) and each entity's server pipeline (invoices, contacts...).

/** One of the entity's fields a column can be mapped to. */
export interface ImportFieldOption {
  key: string;
  label: string;
  /** The import cannot start until a column is mapped to it. */
  required?: boolean;
}

export interface CsvPreview {
  headers: string[];
  /** Column index (as a string) -> field key. */
  mapping: Record<string, string>;
  /** Required field keys no column is mapped to. */
  missing: string[];
  rows: { line: number; cells: string[]; problem: { column: number | null; message: string } | null }[];
}

export interface CsvImportOutcome {
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  rejectedCount: number;
  headers: string[];
  /** The first rejected rows (rejectedCount has them all), in file order. */
  rejections: { line: number; reason: string; raw: string[] }[];
}

/**
 * An import handed to a background job: the action answers with `progressUrl` and the screen
 * polls it (GET, JSON of this shape) until the job has finished.
 */
export interface CsvImportProgress {
  status: "pending" | "running" | "completed" | "failed";
  processedRows: number;
  error: string | null;
  /** Set once completed. */
  outcome: CsvImportOutcome | null;
}

export type CsvImportActionData =
  | { intent: "preview"; preview: CsvPreview }
  | { intent: "import"; outcome: CsvImportOutcome }
  | { intent: "import"; progressUrl: string }
  | { intent: "preview" | "import"; error: string };

/** How much of the file the browser reads for the mapping screen (the server caps it at 256 KB). */
export const SAMPLE_BYTES = 64 * 1024;
/** The largest file the import accepts. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

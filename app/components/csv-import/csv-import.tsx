// The CSV import flow, for any entity: choose a file -> map its columns (guessed by the server,
// corrected here) with a live preview of the first rows checked cell by cell -> import -> the
// counts and every rejected line, downloadable as CSV. The host route's action does the work
// (see types.ts for its contract); entity-specific settings come in through `options`.
import { Link, useFetcher, useSubmit } from "@remix-run/react";
import { AlertTriangle, Download, FileUp } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Alert } from "../ui/alert";
import { Button, buttonClasses } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { cn } from "../ui/cn";
import { Select } from "../ui/select";
import { Spinner } from "../ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";
import {
  MAX_IMPORT_BYTES,
  SAMPLE_BYTES,
  type CsvImportActionData,
  type CsvImportOutcome,
  type CsvImportProgress,
  type CsvPreview,
  type ImportFieldOption,
} from "./types";

export interface CsvImportProps {
  /** What a row becomes, plural: "invoices". */
  noun: string;
  fields: ImportFieldOption[];
  /** Extra inputs for the mapping step (sent with every preview and the import). */
  options?: ReactNode;
  /** Where to go when done, e.g. the list page. */
  doneHref: string;
  doneLabel: string;
  /** Name of the downloaded error report. */
  reportName: string;
}

const SHOWN_REJECTIONS = 100;

export function CsvImport({ noun, fields, options, doneHref, doneLabel, reportName }: CsvImportProps) {
  const formRef = useRef<HTMLFormElement>(null);
  // A new file starts a new generation: fresh fetchers, so no earlier preview or result lingers.
  const [generation, setGeneration] = useState(0);
  // The generation a submit belongs to, read after an await (when this render's fetchers are stale).
  const generationRef = useRef(0);
  const nextGeneration = () => {
    generationRef.current += 1;
    setGeneration(generationRef.current);
  };
  const submit = useSubmit();
  const previewFetcher = useFetcher<CsvImportActionData>({ key: `csv-preview-${generation}` });
  const importFetcher = useFetcher<CsvImportActionData>({ key: `csv-import-${generation}` });
  const [file, setFile] = useState<File | null>(null);
  const [sample, setSample] = useState<{ text: string; truncated: boolean } | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const previewData = previewFetcher.data;
  const latest: CsvPreview | null = previewData && "preview" in previewData ? previewData.preview : null;
  // The last good preview stays on screen while a newer one loads or is refused (bad option).
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const previewError = previewData && "error" in previewData ? previewData.error : null;
  const importData = importFetcher.data;
  const progressUrl = importData && "progressUrl" in importData ? importData.progressUrl : null;
  const progress = useImportProgress(progressUrl, generation);
  const outcome: CsvImportOutcome | null =
    importData && "outcome" in importData ? importData.outcome : progress?.status === "completed" ? progress.outcome : null;
  const importError = importData && "error" in importData ? importData.error : progress?.status === "failed" ? progress.error : null;
  const jobRunning = Boolean(progressUrl) && progress?.status !== "completed" && progress?.status !== "failed";
  const importing = importFetcher.state !== "idle" || jobRunning;

  // The first preview of a file carries the server's guess; from then on the screen owns it.
  useEffect(() => {
    if (!latest) return;
    setPreview(latest);
    setMapping((current) => current ?? latest.mapping);
  }, [latest]);

  function requestPreview(next: { sample?: { text: string; truncated: boolean }; mapping?: Record<string, string> | null } = {}) {
    const s = next.sample ?? sample;
    if (!s || !formRef.current) return;
    const data = new FormData(formRef.current);
    data.delete("file");
    data.set("sample", s.text);
    data.set("truncated", String(s.truncated));
    const m = next.mapping === undefined ? mapping : next.mapping;
    if (m) data.set("mapping", JSON.stringify(m));
    else data.delete("mapping");
    // By key, not previewFetcher.submit: right after a new file is chosen, this render's
    // previewFetcher still belongs to the previous generation.
    submit(data, { method: "post", navigate: false, fetcherKey: `csv-preview-${generationRef.current}` });
  }

  async function onFile(chosen: File | null) {
    nextGeneration();
    setFileError(null);
    setFile(chosen);
    setPreview(null);
    setMapping(null);
    setSample(null);
    if (!chosen) return;
    if (chosen.size > MAX_IMPORT_BYTES) {
      setFileError(`That file is ${(chosen.size / 1024 / 1024).toFixed(0)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it and import each part.`);
      return;
    }
    // Only the start of the file is read here; the whole file is sent once, to import it.
    const text = await chosen.slice(0, SAMPLE_BYTES).text();
    const next = { text, truncated: chosen.size > SAMPLE_BYTES };
    setSample(next);
    requestPreview({ sample: next, mapping: null });
  }

  function setColumn(index: number, field: string) {
    const next = { ...(mapping ?? {}) };
    // A field feeds from one column: choosing it here frees it elsewhere.
    for (const [k, v] of Object.entries(next)) if (v === field) delete next[k];
    if (field) next[String(index)] = field;
    else delete next[String(index)];
    setMapping(next);
    requestPreview({ mapping: next });
  }

  function runImport() {
    if (!formRef.current || !file) return;
    const data = new FormData(formRef.current);
    data.set("file", file);
    if (mapping) data.set("mapping", JSON.stringify(mapping));
    importFetcher.submit(data, { method: "post", encType: "multipart/form-data" });
  }

  function reset() {
    formRef.current?.reset();
    setFile(null);
    setPreview(null);
    setSample(null);
    setMapping(null);
    setFileError(null);
    nextGeneration();
  }

  const labelOf = new Map(fields.map((f) => [f.key, f.label]));
  const mapped = new Set(Object.values(mapping ?? {}));
  const missing = fields.filter((f) => f.required && !mapped.has(f.key));
  const badRows = preview?.rows.filter((r) => r.problem).length ?? 0;
  const step = outcome && file ? "done" : importing ? "importing" : preview && file ? "map" : "choose";

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
    <form ref={formRef} className="grid grid-cols-[minmax(0,1fr)] gap-6" onSubmit={(e) => e.preventDefault()} encType="multipart/form-data">
      <Card className={step === "choose" ? undefined : "hidden"}>
        <CardHeader>
          <CardTitle>Choose a CSV file</CardTitle>
          <CardDescription>
            Up to {MAX_IMPORT_BYTES / 1024 / 1024} MB, with a header row. Commas, semicolons or tabs; UTF-8. Nothing is imported until you confirm the columns.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <label className="flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border border-dashed px-6 py-10 text-center hover:bg-muted/40 focus-within:ring-2 focus-within:ring-ring">
            <FileUp aria-hidden="true" className="size-6 text-muted-foreground" />
            <span className="text-sm font-medium">Choose a file</span>
            <span className="text-xs text-muted-foreground">{file ? file.name : `A .csv of your ${noun}`}</span>
            <input
              type="file"
              name="file"
              accept=".csv,.tsv,.txt,text/csv"
              className="sr-only"
              aria-label="CSV file"
              onChange={(e) => void onFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          {previewFetcher.state !== "idle" && !preview ? <Spinner label="Reading the file" /> : null}
          {fileError ? <Alert variant="destructive" title={fileError} /> : null}
          {previewError && file ? <Alert variant="destructive" title="This file can't be imported">{previewError}</Alert> : null}
        </CardContent>
      </Card>

      {step === "map" && preview ? (
        <>
          <Card>
            <CardHeader>
              <CardTitle>Match the columns</CardTitle>
              <CardDescription>
                {file?.name}: we matched what we recognised. Change a column's field, or leave it out with "Don't import".
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {preview.headers.map((header, index) => (
                  <div key={index} className="grid gap-1.5 rounded-md border p-3">
                    <label htmlFor={`column-${index}`} className="truncate text-sm font-medium" title={header}>
                      {header || `Column ${index + 1}`}
                    </label>
                    <span className="truncate text-xs text-muted-foreground">
                      e.g. {preview.rows.find((r) => r.cells[index])?.cells[index] ?? "(empty)"}
                    </span>
                    <Select id={`column-${index}`} value={mapping?.[String(index)] ?? ""} onChange={(e) => setColumn(index, e.target.value)}>
                      <option value="">Don't import</option>
                      {fields.map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                          {f.required ? " (required)" : ""}
                        </option>
                      ))}
                    </Select>
                  </div>
                ))}
              </div>
              {options ? (
                <div className="grid gap-3 border-t pt-4 sm:grid-cols-2 lg:grid-cols-3" onChange={() => requestPreview()}>
                  {options}
                </div>
              ) : null}
              {previewError ? <Alert variant="destructive" title={previewError} /> : null}
              {missing.length ? (
                <Alert variant="warning" title={`Choose a column for ${missing.map((f) => f.label).join(", ")}`}>
                  Every row needs {missing.length === 1 ? "it" : "them"}; the import can start once {missing.length === 1 ? "it is" : "they are"} matched.
                </Alert>
              ) : null}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                Preview {previewFetcher.state !== "idle" ? <Spinner label="Updating the preview" /> : null}
              </CardTitle>
              <CardDescription>
                The first {preview.rows.length} rows, checked as the import will check them.{" "}
                {badRows
                  ? `${badRows} of them would be rejected (in red); the others import anyway.`
                  : "They all look right."}
              </CardDescription>
            </CardHeader>
            <CardContent className="p-0">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead className="w-14">Line</TableHead>
                    {preview.headers.map((header, index) => (
                      <TableHead key={index} className="whitespace-nowrap">
                        {header}
                        <div className="text-xs font-normal">→ {labelOf.get(mapping?.[String(index)] ?? "") ?? "not imported"}</div>
                      </TableHead>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {preview.rows.map((row) => (
                    <PreviewRow key={row.line} row={row} columns={preview.headers.length} mapping={mapping ?? {}} />
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>

          {importError ? <Alert variant="destructive" title="The import did not run">{importError}</Alert> : null}
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="outline" onClick={reset}>
              Choose another file
            </Button>
            <Button onClick={runImport} disabled={missing.length > 0 || previewFetcher.state !== "idle"}>
              Import {noun}
            </Button>
          </div>
        </>
      ) : null}

      {step === "importing" ? (
        <Card>
          <CardContent className="grid gap-3 p-5">
            <div className="flex items-center gap-3">
              <Spinner label={`Importing ${noun}`} />
              <div>
                <p className="text-sm font-medium">Importing {file?.name}…</p>
                <p className="text-xs text-muted-foreground">
                  {progressUrl
                    ? "It runs in the background: you can leave this page, the import carries on."
                    : "A large file takes up to a minute. Keep this page open."}
                </p>
              </div>
            </div>
            {progressUrl && file && sample ? <ImportProgressBar processed={progress?.processedRows ?? 0} estimatedRows={estimateRows(file.size, sample.text)} /> : null}
          </CardContent>
        </Card>
      ) : null}

    </form>
      {step === "done" && outcome ? <ImportResult outcome={outcome} noun={noun} reportName={reportName} onAgain={reset} doneHref={doneHref} doneLabel={doneLabel} /> : null}
    </div>
  );
}

function PreviewRow({ row, columns, mapping }: { row: CsvPreview["rows"][number]; columns: number; mapping: Record<string, string> }) {
  const problemId = `line-${row.line}-problem`;
  return (
    <>
      <TableRow className={row.problem ? "border-b-0" : undefined}>
        <TableCell className="tabular-nums text-muted-foreground">
          {row.problem ? <AlertTriangle aria-label="Would be rejected" className="mr-1 inline size-3.5 text-destructive" /> : null}
          {row.line}
        </TableCell>
        {Array.from({ length: columns }, (_, index) => {
          const bad = row.problem?.column === index;
          return (
            <TableCell
              key={index}
              aria-invalid={bad || undefined}
              aria-describedby={bad ? problemId : undefined}
              className={cn(
                "max-w-56 truncate whitespace-nowrap",
                bad && "bg-destructive/10 font-medium text-destructive ring-1 ring-inset ring-destructive/50",
                mapping[String(index)] === undefined && "text-muted-foreground/60",
              )}
              title={row.cells[index]}
            >
              {row.cells[index] ?? ""}
            </TableCell>
          );
        })}
      </TableRow>
      {row.problem ? (
        <TableRow>
          <TableCell />
          <TableCell id={problemId} colSpan={columns} className="pt-0 text-xs text-destructive">
            {row.problem.message}
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}

const POLL_MS = 1000;

/** Polls a background import's progress until it has finished (a new file stops it). */
function useImportProgress(url: string | null, generation: number): CsvImportProgress | null {
  const fetcher = useFetcher<CsvImportProgress>({ key: `csv-progress-${generation}` });
  const finished = fetcher.data?.status === "completed" || fetcher.data?.status === "failed";
  const { load } = fetcher;
  useEffect(() => {
    if (!url || finished) return;
    load(url);
    const timer = setInterval(() => load(url), POLL_MS);
    return () => clearInterval(timer);
  }, [url, finished, load]);
  return url ? (fetcher.data ?? null) : null;
}

/** The row count the whole file likely has, from the sample's bytes per line (the job only counts rows read). */
function estimateRows(fileBytes: number, sample: string): number {
  const lines = sample.split("\n").filter((l) => l.trim()).length;
  if (lines < 2) return 1;
  const bytesPerLine = new TextEncoder().encode(sample).length / lines;
  return Math.max(1, Math.round(fileBytes / bytesPerLine) - 1);
}

function ImportProgressBar({ processed, estimatedRows }: { processed: number; estimatedRows: number }) {
  // An estimate: never claim done (or past it) before the job says so.
  const percent = Math.min(99, Math.round((processed / estimatedRows) * 100));
  return (
    <div className="grid gap-1.5">
      <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 overflow-hidden rounded-full bg-muted">
        <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs tabular-nums text-muted-foreground">
        {processed.toLocaleString()} of about {estimatedRows.toLocaleString()} rows read
      </p>
    </div>
  );
}

function ImportResult({
  outcome,
  noun,
  reportName,
  onAgain,
  doneHref,
  doneLabel,
}: {
  outcome: CsvImportOutcome;
  noun: string;
  reportName: string;
  onAgain: () => void;
  doneHref: string;
  doneLabel: string;
}) {
  const counts = [
    ["Created", outcome.created],
    ["Updated", outcome.updated],
    ["Unchanged", outcome.skipped],
    ["Rejected", outcome.rejectedCount],
  ] as const;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Import finished</CardTitle>
        <CardDescription>
          {outcome.processedRows} row{outcome.processedRows === 1 ? "" : "s"} read.{" "}
          {outcome.rejectedCount ? `Fix the rejected lines and import them again; the other ${noun} are in.` : `All ${noun} are in.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {counts.map(([label, value]) => (
            <div key={label} className="rounded-md border p-3">
              <dt className="text-xs text-muted-foreground">{label}</dt>
              <dd className={cn("mt-1 text-xl font-semibold tabular-nums", label === "Rejected" && value > 0 && "text-destructive")}>{value}</dd>
            </div>
          ))}
        </dl>
        {outcome.rejectedCount > 0 ? (
          <div className="grid gap-3">
            <h3 className="text-sm font-semibold">Rejected lines</h3>
            <div className="rounded-md border">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead className="w-16">Line</TableHead>
                    <TableHead>Why</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {outcome.rejections.slice(0, SHOWN_REJECTIONS).map((r) => (
                    <TableRow key={r.line}>
                      <TableCell className="tabular-nums">{r.line}</TableCell>
                      <TableCell>{r.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            {outcome.rejectedCount > SHOWN_REJECTIONS ? (
              <p className="text-xs text-muted-foreground">
                Showing {SHOWN_REJECTIONS} of {outcome.rejectedCount}; the report has {outcome.rejections.length < outcome.rejectedCount ? `the first ${outcome.rejections.length}` : "them all"}.
              </p>
            ) : null}
          </div>
        ) : null}
      </CardContent>
      <div className="flex flex-col-reverse gap-2 border-t px-5 py-3 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onAgain}>
          Import another file
        </Button>
        {outcome.rejectedCount > 0 ? <RejectionsDownload outcome={outcome} reportName={reportName} /> : null}
        <Link to={doneHref} className={buttonClasses()}>
          {doneLabel}
        </Link>
      </div>
    </Card>
  );
}

/** The error report: a plain (non-Remix) post to the resource route, so the browser saves the CSV it answers with. */
function RejectionsDownload({ outcome, reportName }: { outcome: CsvImportOutcome; reportName: string }) {
  return (
    <form method="post" action="/resources/import-rejections">
      <input type="hidden" name="name" value={reportName} />
      <input type="hidden" name="report" value={JSON.stringify({ headers: outcome.headers, rejections: outcome.rejections })} />
      <Button type="submit" variant="outline" className="w-full sm:w-auto">
        <Download aria-hidden="true" /> Download rejected lines
      </Button>
    </form>
  );
}

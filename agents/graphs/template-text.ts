// Template text: `{{ path | filter(arg) }}` placeholders over the call context, shared by the
// runtime (rendering what the agent says) and the validator (which variables a text uses).
// Pure TypeScript with no Node imports: the workflow editor runs it in the browser too.
import type { TemplateText } from "./spec";

export const TEMPLATE_FILTERS = ["time", "date", "datetime", "day", "money", "upper", "lower", "default"] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

export interface FilterCall {
  name: string;
  args: string[];
}
export type TemplatePart = { kind: "text"; text: string } | { kind: "var"; path: string; filters: FilterCall[]; raw: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Syntax problems: unclosed `{{`, empty placeholder, bad path, unknown filter. */
  errors: string[];
  /** Every variable path the text reads, in order of first use. */
  variables: string[];
}

export interface RenderOptions {
  /** IANA zone the call happens in; dates and times are said in it. */
  timeZone: string;
  /** BCP 47 locale for Intl formatting; default en-US. */
  locale?: string;
  /** Currency for `money` when the value does not carry one; default USD. */
  currency?: string;
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
const FILTER = /^([a-z]+)\s*(?:\((.*)\))?$/s;
const KNOWN_FILTERS = new Set<string>(TEMPLATE_FILTERS);

const parseCache = new Map<string, ParsedTemplate>();
const PARSE_CACHE_LIMIT = 5000;

/** Parses one template string; results are cached, so calling it per turn costs a map lookup. */
export function parseTemplate(text: string): ParsedTemplate {
  const cached = parseCache.get(text);
  if (cached) return cached;
  const parsed = parseUncached(text);
  if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
  parseCache.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  const variables: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf("{{", pos);
    if (open === -1) {
      parts.push({ kind: "text", text: text.slice(pos) });
      break;
    }
    if (open > pos) parts.push({ kind: "text", text: text.slice(pos, open) });
    const close = text.indexOf("}}", open + 2);
    if (close === -1) {
      errors.push(`"{{" at position ${open + 1} is never closed with "}}"`);
      parts.push({ kind: "text", text: text.slice(open) });
      break;
    }
    const raw = text.slice(open, close + 2);
    const inner = text.slice(open + 2, close).trim();
    pos = close + 2;
    const segments = splitPipes(inner);
    const path = (segments.shift() ?? "").trim();
    if (!path) {
      errors.push(`${raw} names no variable`);
      continue;
    }
    if (!PATH.test(path)) {
      errors.push(`"${path}" in ${raw} is not a variable path (use dotted names like contact.firstName)`);
      continue;
    }
    const filters: FilterCall[] = [];
    for (const segment of segments) {
      const m = FILTER.exec(segment.trim());
      if (!m) {
        errors.push(`"${segment.trim()}" in ${raw} is not a filter`);
        continue;
      }
      const name = m[1]!;
      if (!KNOWN_FILTERS.has(name)) {
        errors.push(`Unknown filter "${name}" in ${raw} (known: ${TEMPLATE_FILTERS.join(", ")})`);
        continue;
      }
      const args = m[2] === undefined ? [] : parseArgs(m[2]);
      if (name === "default" && args.length !== 1) errors.push(`default needs one value in ${raw}, e.g. default("there")`);
      filters.push({ name, args });
    }
    if (!variables.includes(path)) variables.push(path);
    parts.push({ kind: "var", path, filters, raw });
  }
  return { parts, errors, variables };
}

/** Splits on `|` outside quotes. */
function splitPipes(inner: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === "|") {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out;
}

function parseArgs(src: string): string[] {
  const args: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^,\s][^,]*?))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    const value = m[1] ?? m[2] ?? m[3] ?? "";
    args.push(value.replace(/\\(.)/g, "$1"));
    if (m[0].length === 0) break;
  }
  return args;
}

/** The variants of a template text (a string is one variant). */
export function templateVariants(text: TemplateText | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === "string" ? [text] : text;
}

/** The variant to say on this turn: arrays rotate so the agent does not repeat itself. */
export function pickVariant(text: TemplateText, turnCounter: number): string {
  if (typeof text === "string") return text;
  const n = text.length;
  return text[((Math.trunc(turnCounter) % n) + n) % n]!;
}

/** Every variable path any variant of the text reads, without duplicates. */
export function referencedVariables(text: TemplateText | undefined): string[] {
  const out: string[] = [];
  for (const variant of templateVariants(text)) {
    for (const v of parseTemplate(variant).variables) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** Looks a dotted path up in the context (`slots.when.start`, `vars.slots.0`). */
export function resolvePath(context: unknown, path: string): unknown {
  let value: unknown = context;
  for (const key of path.split(".")) {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Renders one template (a string, or the variant picked for `turnCounter`). Missing values
 * render as nothing, unless a `default("...")` filter supplies one.
 */
export function renderTemplate(text: TemplateText, context: unknown, options: RenderOptions & { turnCounter?: number }): string {
  const parsed = parseTemplate(pickVariant(text, options.turnCounter ?? 0));
  let out = "";
  for (const part of parsed.parts) {
    if (part.kind === "text") out += part.text;
    else out += renderValue(resolvePath(context, part.path), part.filters, options);
  }
  return out.replace(/[ \t]{2,}/g, " ").trim();
}

function renderValue(value: unknown, filters: FilterCall[], options: RenderOptions): string {
  let current: unknown = value;
  let text: string | null = null;
  for (const filter of filters) {
    const input: unknown = text ?? current;
    switch (filter.name as TemplateFilter) {
      case "default":
        text = isBlank(input) ? filter.args[0] ?? "" : toText(input, options);
        break;
      case "upper":
        text = toText(input, options).toUpperCase();
        break;
      case "lower":
        text = toText(input, options).toLowerCase();
        break;
      case "time":
      case "date":
      case "datetime":
      case "day": {
        const date = toDate(input);
        text = date
          ? formatDate(date, filter.name as "time" | "date" | "datetime" | "day", options)
          : isBlank(input)
          ? ""
          : toText(input, options);
        break;
      }
      case "money":
        text = formatMoney(input, filter.args[0], options);
        break;
    }
    current = text;
  }
  return text ?? toText(current, options);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** A value as the agent would say it, without a filter. */
function toText(value: unknown, options: RenderOptions): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return formatDate(value, "datetime", options);
  if (Array.isArray(value))
    return value
      .map((v) => toText(v, options))
      .filter(Boolean)
      .join(", ");
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    // Slot values (agents/nlu): say the natural thing rather than "[object Object]".
    if (typeof v.amount === "string" || typeof v.amount === "number") return formatMoney(v, undefined, options);
    if (typeof v.start === "string") {
      const d = toDate(v);
      if (d) return formatDate(d, v.type === "date" ? "date" : v.type === "time" ? "time" : "datetime", options);
    }
    if ("value" in v) return toText(v.value, options);
    if (typeof v.text === "string") return v.text;
    if (typeof v.name === "string") return v.name;
    if (typeof v.label === "string") return v.label;
  }
  return "";
}

const ISO_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "string" && value) {
    // A bare calendar date ("2026-12-08", e.g. an invoice due date) is a day, not UTC midnight:
    // noon UTC keeps it on the same day in every zone from UTC-11 to UTC+11.
    const d = new Date(ISO_DATE_ONLY.test(value) ? `${value}T12:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (typeof value === "number") return new Date(value);
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (v.start !== undefined) return toDate(v.start);
    if (v.startsAt !== undefined) return toDate(v.startsAt);
    if (v.value !== undefined) return toDate(v.value);
  }
  return null;
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(kind: "time" | "date" | "datetime" | "day" | "minutes", locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone}`;
  let f = formatterCache.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone };
    const opts: Intl.DateTimeFormatOptions =
      kind === "time"
        ? { ...base, hour: "numeric", minute: "2-digit" }
        : kind === "minutes"
        ? { ...base, minute: "2-digit" }
        : kind === "date"
        ? { ...base, weekday: "long", month: "long", day: "numeric" }
        : kind === "day"
        ? { ...base, weekday: "long" }
        : { ...base, weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit" };
    f = new Intl.DateTimeFormat(locale, opts);
    formatterCache.set(key, f);
  }
  return f;
}

function formatDate(date: Date, kind: "time" | "date" | "datetime" | "day", options: RenderOptions): string {
  const locale = options.locale ?? "en-US";
  const tz = options.timeZone || "UTC";
  if (kind === "date" || kind === "day") return dateFormatter(kind, locale, tz).format(date);
  const time = spokenTime(date, locale, tz);
  if (kind === "time") return time;
  return `${dateFormatter("date", locale, tz).format(date)} at ${time}`;
}

/** "2 PM" rather than "2:00 PM": that is how people say it on the phone. */
function spokenTime(date: Date, locale: string, tz: string): string {
  const full = dateFormatter("time", locale, tz).format(date);
  return full.replace(/:00(?=\s|$|\u202f)/, "");
}

const moneyCache = new Map<string, Intl.NumberFormat>();

function formatMoney(value: unknown, currencyArg: string | undefined, options: RenderOptions): string {
  let amount: number | null = null;
  let currency = currencyArg;
  if (typeof value === "number") amount = value;
  else if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) amount = Number(value);
  else if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const raw = v.amount ?? v.amountDue ?? v.value;
    if (typeof raw === "number") amount = raw;
    else if (typeof raw === "string" && raw.trim() !== "" && !Number.isNaN(Number(raw))) amount = Number(raw);
    if (!currency && typeof v.currency === "string") currency = v.currency;
  }
  if (amount === null) return isBlank(value) ? "" : typeof value === "string" ? value : "";
  const code = (currency || options.currency || "USD").toUpperCase();
  const locale = options.locale ?? "en-US";
  const key = `${locale}|${code}|${Number.isInteger(amount)}`;
  let f = moneyCache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, {
        style: "currency",
        currency: code,
        // Whole amounts are said "$150", not "$150.00".
        minimumFractionDigits: Number.isInteger(amount) ? 0 : undefined,
      });
    } catch {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyCache.set(key, f);
  }
  return f.format(amount);
}

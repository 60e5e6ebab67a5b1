// Amounts of money: Decimal(12,2) in the database, decimal strings ("1234.50") at every edge,
// Prisma's Decimal in between. Never a JavaScript float: 0.1 + 0.2 is not 0.3.
import { z } from "zod";
import { Prisma } from "../db";

export const Decimal = Prisma.Decimal;
export type Decimal = Prisma.Decimal;

/** Decimal(12,2) holds up to 9,999,999,999.99. */
const MAX = new Decimal("9999999999.99");

/**
 * A money amount as a person or a spreadsheet writes it: "1234.5", "1,234.50", "1.234,50",
 * "$ 99", "€12,50", "(12.00)" is refused (negative). Returns the amount or why not.
 */
export function parseAmount(input: string): { ok: true; value: Decimal } | { ok: false; reason: string } {
  const original = input.trim();
  // Currency symbols, codes and spaces (including the narrow no-break space French uses).
  let s = original.replace(/[\s\u00a0\u202f]/g, "").replace(/^[A-Za-z]{3}|[A-Za-z]{3}$/g, "").replace(/[$€£¥₹]/g, "");
  if (!s) return { ok: false, reason: "the amount is empty" };
  if (s.startsWith("-") || s.startsWith("(")) return { ok: false, reason: `"${original}" is negative` };
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: whichever comes last is the decimal separator.
    s = lastComma > lastDot ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  } else if (lastComma >= 0) {
    // Only commas: "12,50" is a decimal comma, "1,234" and "1,234,567" group thousands.
    const decimals = s.length - lastComma - 1;
    s = (s.match(/,/g)!.length === 1 && decimals !== 3) ? s.replace(",", ".") : s.replace(/,/g, "");
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return { ok: false, reason: `"${original}" is not an amount` };
  const value = new Decimal(s);
  if (value.decimalPlaces() > 2) return { ok: false, reason: `"${original}" has more than two decimals` };
  if (value.greaterThan(MAX)) return { ok: false, reason: `"${original}" is too large` };
  return { ok: true, value };
}

/** A non-negative amount at an API edge; accepts what parseAmount accepts, returns "1234.50". */
export const moneySchema = z.union([z.string().max(40), z.number().finite()]).transform((raw, ctx) => {
  const parsed = parseAmount(typeof raw === "number" ? raw.toFixed(2) : raw);
  if (!parsed.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Amount: ${parsed.reason}` });
    return z.NEVER;
  }
  return parsed.value.toFixed(2);
});

/** ISO 4217 code, upper-cased ("usd" -> "USD"); checked against what Intl knows. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD or EUR")
  .refine(isKnownCurrency, "Unknown currency code");

function isKnownCurrency(code: string): boolean {
  return Intl.supportedValuesOf("currency").includes(code);
}

/** "1234.5" as the business's money, e.g. "$1,234.50" (for messages a person reads). */
export function formatMoney(amount: Decimal | string, currency: string, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(new Decimal(amount).toFixed(2)));
}

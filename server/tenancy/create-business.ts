// Creating a business (sign-up, the super-admin console). Runs on systemDb: the tenant does not
// exist yet, so no tenant scope can cover it.
import type { PrismaClient, Tx } from "../db";
import type { Tenant } from "../db/generated/client";

export interface NewBusiness {
  name: string;
  timezone?: string;
  country?: string;
  industry?: string;
}

/** "Bright Smile Dental & Co." -> "bright-smile-dental-co" */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return slug || "business";
}

async function freeSlug(db: PrismaClient | Tx, base: string): Promise<string> {
  const taken = new Set(
    (await db.tenant.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((t) => t.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** How often a creation retries when a racing creation took the slug it picked. */
const SLUG_ATTEMPTS = 5;

export const BUSINESS_NAME_BUSY =
  "Another business with this name was being created at the same moment. Please try again.";

/** Thrown when every attempt lost its slug to racing creations. */
export class BusinessNameBusyError extends Error {
  constructor() {
    super(BUSINESS_NAME_BUSY);
    this.name = "BusinessNameBusyError";
  }
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === "P2002";
}

/**
 * Runs `create` (a transaction that calls createBusiness) again when a racing creation committed
 * the same slug first: the next attempt's fresh look-up picks the next free one. `otherClash` is
 * asked first on a unique violation, for callers with other unique columns (a sign-up's e-mail):
 * an error it returns is thrown as is.
 */
export async function createRetryingSlug<T>(
  create: () => Promise<T>,
  otherClash: () => Promise<Error | null> = async () => null,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const other = await otherClash();
      if (other) throw other;
      if (attempt >= SLUG_ATTEMPTS) throw new BusinessNameBusyError();
    }
  }
}

/** Creates the business with a unique slug derived from its name ("acme", "acme-2", ...). */
export async function createBusiness(db: PrismaClient | Tx, input: NewBusiness): Promise<Tenant> {
  const name = input.name.trim();
  const slug = await freeSlug(db, slugify(name));
  return db.tenant.create({
    data: {
      name,
      slug,
      ...(input.timezone ? { timezone: input.timezone } : {}),
      ...(input.country ? { country: input.country } : {}),
      ...(input.industry ? { industry: input.industry } : {}),
    },
  });
}

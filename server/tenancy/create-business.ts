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

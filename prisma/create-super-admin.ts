// `npm run admin:create -- <email> "<name>"`: makes a platform super admin. An existing user is
// promoted; a new one gets a generated password, printed once (change it after signing in).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { bootDatabase } from "../server/boot";
import { hashPassword } from "../server/auth/password";

const [email, name] = process.argv.slice(2);
const parsed = z.object({ email: z.string().email(), name: z.string().min(1) }).safeParse({ email, name: name ?? email?.split("@")[0] });
if (!parsed.success) {
  console.error('Usage: npm run admin:create -- <email> "<full name>"');
  process.exit(2);
}
const database = await bootDatabase();
const { systemDb, disconnectDb } = await import("../server/db");
try {
  const address = parsed.data.email.toLowerCase();
  const existing = await systemDb().user.findUnique({ where: { email: address } });
  if (existing) {
    await systemDb().user.update({ where: { id: existing.id }, data: { isSuperAdmin: true } });
    console.log(`${address} is now a platform super admin.`);
  } else {
    const password = randomBytes(18).toString("base64url");
    await systemDb().user.create({
      data: { email: address, name: parsed.data.name, isSuperAdmin: true, passwordHash: await hashPassword(password) },
    });
    console.log(`Created super admin ${address}. Password (shown once): ${password}`);
  }
} finally {
  await disconnectDb();
  await database.stop();
}

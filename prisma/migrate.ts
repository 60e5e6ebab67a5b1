// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database).
import { bootDatabase, migrate } from "../server/boot";

const database = await bootDatabase();
try {
  const result = await migrate(database.url, (m) => console.log(m));
  console.log(`${result.applied.length} migration(s) applied, ${result.alreadyApplied} already current.`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await database.stop();
}

// Starts the app for Playwright on a fresh database: the e2e data folder is wiped first so
// every run begins from migrations + demo seed, like a newcomer's first `npm start`.
import { rmSync } from "node:fs";
import { join } from "node:path";

const dataDir = process.env.DATA_DIR ?? ".data/e2e";
if (!dataDir.includes("e2e")) throw new Error(`refusing to wipe ${dataDir}: not an e2e data folder`);
rmSync(join(process.cwd(), dataDir), { recursive: true, force: true });
await import("../server/main");

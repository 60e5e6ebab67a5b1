// Validation budget: a 200-node workflow validates well under 50 ms (issue #4), so the editor can
// validate on every keystroke. `npm run bench -- agents/graphs/validate.bench.ts`.
import { bench, describe } from "vitest";
import { generateSpec } from "./test-specs";
import { validateSpec } from "./validate";

const spec200 = generateSpec(200);
const spec500 = generateSpec(500);
// JSON as stored in the database: the validator parses it from scratch every time.
const stored200 = JSON.parse(JSON.stringify(spec200)) as unknown;

describe("validateSpec", () => {
  bench("200 nodes", () => {
    validateSpec(stored200);
  });
  bench("500 nodes (schema maximum)", () => {
    validateSpec(spec500);
  });
});

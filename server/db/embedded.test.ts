import { describe, expect, it } from "vitest";
import { embeddedPostgresFlags } from "./embedded";

describe("embedded PostgreSQL settings", () => {
  it("keeps fsync on for a production process and off for development and tests", () => {
    expect(embeddedPostgresFlags("production")).toContain("fsync=on");
    for (const env of ["development", "test", undefined]) expect(embeddedPostgresFlags(env)).toContain("fsync=off");
  });
});

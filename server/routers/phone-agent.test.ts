import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";

const form = {
  voice: { persona: { name: "Robin", openAiVoice: "nova", language: "en" }, maxCallMinutes: 10, silenceTimeoutSeconds: 8 },
  transferNumber: "415-555-0123",
  recordCalls: false,
  qualifyingQuestions: ["What is the job?"],
};

describe("business.phoneAgent router", () => {
  it.each(["owner", "admin"] as const)("lets an %s save the settings", async (role) => {
    const { caller } = await signedInMember(role);
    const { settings, changed } = await caller.business.updatePhoneAgent(form);
    expect(settings.transferNumber).toBe("+14155550123");
    expect(changed).toContain("transferNumber");
    expect((await caller.business.phoneAgent()).settings.qualifyingQuestions).toEqual(["What is the job?"]);
  });

  it.each(["staff", "viewer"] as const)("lets a %s read but not change them", async (role) => {
    const { caller, tenant } = await signedInMember(role);
    expect((await caller.business.phoneAgent()).settings.voice.maxCallMinutes).toBe(20);
    const attempt = caller.business.updatePhoneAgent(form);
    await expect(attempt).rejects.toBeInstanceOf(TRPCError);
    await expect(attempt).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await systemDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).settings).toEqual({});
  });

  it("answers a bad number with BAD_REQUEST naming the field", async () => {
    const { caller } = await signedInMember("owner");
    const attempt = caller.business.updatePhoneAgent({ ...form, onCallNumber: "12" });
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("only ever changes the caller's own business", async () => {
    const other = await signedInMember("owner");
    const { caller } = await signedInMember("owner");
    await caller.business.updatePhoneAgent(form);
    expect((await systemDb().tenant.findUniqueOrThrow({ where: { id: other.tenant.id } })).settings).toEqual({});
  });
});

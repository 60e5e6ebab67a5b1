import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { suffix } from "../testing/members";
import { getPhoneAgentSettings, InvalidPhoneAgentSettingsError, updatePhoneAgentSettings } from "./phone-agent-settings";
import type { PhoneAgentSettingsInput } from "./phone-agent-settings-schema";

async function business(country = "US", settings: Record<string, unknown> = {}) {
  const s = suffix();
  const tenant = await systemDb().tenant.create({ data: { name: `Biz ${s}`, slug: `biz-${s}`, country, settings: settings as object } });
  const user = await systemDb().user.create({ data: { email: `o-${s}@example.test`, name: "Owner", passwordHash: "unused" } });
  const update = (input: PhoneAgentSettingsInput) =>
    withTenant({ tenantId: tenant.id, userId: user.id }, (db) => updatePhoneAgentSettings({ db, tenantId: tenant.id, actorId: user.id }, input));
  const read = () => withTenant({ tenantId: tenant.id }, (db) => getPhoneAgentSettings(db, tenant.id));
  const stored = async () => (await systemDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).settings as Record<string, unknown>;
  return { tenant, user, update, read, stored };
}

const voice = { persona: { name: "Robin", openAiVoice: "nova", language: "en-US", elevenLabsVoiceId: "" }, maxCallMinutes: 15, silenceTimeoutSeconds: 6 };
const form: PhoneAgentSettingsInput = {
  voice,
  transferNumber: "(415) 555-0123",
  onCallNumber: "+44 20 7946 0958",
  phone: "",
  notificationEmail: "Front@Example.com, ops@example.com",
  currency: "usd",
  recordCalls: true,
  qualifyingQuestions: ["What do you need done?", "  ", "When would suit you?"],
};

describe("phone agent settings", () => {
  it("reads defaults for a business that never set anything", async () => {
    const { read } = await business();
    const { settings } = await read();
    expect(settings.voice).toEqual({ persona: { name: "Alex", openAiVoice: "alloy", language: "en" }, maxCallMinutes: 20, silenceTimeoutSeconds: 8 });
    expect(settings).toMatchObject({ recordCalls: false, qualifyingQuestions: [] });
    expect(settings.transferNumber).toBeUndefined();
  });

  it("stores numbers as E.164 in the business's country, keeps keys it does not own, and audits the changed keys", async () => {
    const { tenant, user, update, stored } = await business("US", { campaignCaps: { perDay: 50 }, voice: { futureKnob: 3 }, phone: "+14155550100" });
    const { changed, settings } = await update(form);
    expect(settings).toMatchObject({ transferNumber: "+14155550123", onCallNumber: "+442079460958", currency: "USD", recordCalls: true });
    expect(settings.notificationEmail).toBe("front@example.com, ops@example.com");
    expect(settings.qualifyingQuestions).toEqual(["What do you need done?", "When would suit you?"]);

    const raw = await stored();
    expect(raw.campaignCaps).toEqual({ perDay: 50 });
    expect(raw.voice).toMatchObject({ futureKnob: 3, maxCallMinutes: 15, persona: { name: "Robin", openAiVoice: "nova" } });
    expect((raw.voice as { persona: object }).persona).not.toHaveProperty("elevenLabsVoiceId");
    expect(raw.assistantName).toBe("Robin");
    expect(raw).not.toHaveProperty("phone"); // cleared by a blank field

    expect(changed).toEqual(expect.arrayContaining(["transferNumber", "phone", "voice.persona.name", "voice.maxCallMinutes", "assistantName"]));
    expect(changed).not.toContain("campaignCaps");
    const entries = await systemDb().auditLog.findMany({ where: { tenantId: tenant.id, action: "business.phone_agent_updated" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: user.id, meta: { fields: changed } });
  });

  it("reads a number typed locally in another country with that country's rules", async () => {
    const { update } = await business("GB");
    const { settings } = await update({ ...form, transferNumber: "020 7946 0958", onCallNumber: "07700 900123" });
    expect(settings.transferNumber).toBe("+442079460958");
    expect(settings.onCallNumber).toBe("+447700900123");
  });

  it("writes and audits nothing when the same form is saved twice", async () => {
    const { tenant, update } = await business();
    await update(form);
    const again = await update(form);
    expect(again.changed).toEqual([]);
    expect(await systemDb().auditLog.count({ where: { tenantId: tenant.id, action: "business.phone_agent_updated" } })).toBe(1);
  });

  it.each([
    ["a number that is not one", { transferNumber: "call Bob" }, "transferNumber"],
    ["an extension the agent cannot dial", { onCallNumber: "+1 415 555 0123 ext. 12" }, "onCallNumber"],
    ["a bad e-mail in the list", { notificationEmail: "a@b.com, nope" }, "notificationEmail"],
    ["a fifth lead question", { qualifyingQuestions: ["a", "b", "c", "d", "e"] }, "qualifyingQuestions"],
    ["a call longer than two hours", { voice: { ...voice, maxCallMinutes: 121 } }, "voice.maxCallMinutes"],
    ["a silence timeout under 3 seconds", { voice: { ...voice, silenceTimeoutSeconds: 2 } }, "voice.silenceTimeoutSeconds"],
    ["a voice that does not exist", { voice: { ...voice, persona: { name: "Robin", openAiVoice: "darth" } } }, "voice.persona.openAiVoice"],
  ])("refuses %s and saves nothing", async (_label, patch, path) => {
    const { tenant, update, stored } = await business("US", { keep: true });
    const attempt = update({ ...form, ...patch } as PhoneAgentSettingsInput);
    await expect(attempt).rejects.toBeInstanceOf(InvalidPhoneAgentSettingsError);
    const error = (await attempt.catch((e: InvalidPhoneAgentSettingsError) => e)) as InvalidPhoneAgentSettingsError;
    expect(error.zodError.issues.map((i) => i.path.join("."))).toContain(path);
    expect(await stored()).toEqual({ keep: true });
    expect(await systemDb().auditLog.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("shows a stored value that breaks today's rules as unset instead of failing", async () => {
    const { read } = await business("US", { transferNumber: "not a number", recordCalls: true, voice: { maxCallMinutes: 999 }, assistantName: "Sam" });
    const { settings, ignored } = await read();
    expect(ignored.sort()).toEqual(["transferNumber", "voice.maxCallMinutes"]);
    expect(settings.transferNumber).toBeUndefined();
    expect(settings.recordCalls).toBe(true);
    expect(settings.voice.maxCallMinutes).toBe(20);
    expect(settings.voice.persona.name).toBe("Sam");
  });
});

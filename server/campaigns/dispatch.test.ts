import { describe, expect, it } from "vitest";
import { systemDb, systemPool } from "../db";
import { dispatchTask, dueTasks, TELEPHONY_NOT_CONFIGURED, type DispatchContext } from "./dispatch";
import { planCampaign } from "./planner";
import { addDoNotCall } from "./do-not-call";
import { campaignOf, fakePlacement, outboundBusiness } from "./test-helpers";

// Wednesday 2027-01-13 10:00 in New York: inside the default 08:00-20:00 window.
const NOW = new Date("2027-01-13T15:00:00Z");
const MIN = 60_000;

async function listTask() {
  const b = await outboundBusiness();
  await systemDb().contact.update({ where: { id: b.contact.id }, data: { tags: ["vip"] } });
  const c = await campaignOf(b, "list", { tag: "vip" });
  await planCampaign({ db: systemDb(), tenantId: b.tenant.id }, c.id, { now: new Date(NOW.getTime() - MIN), full: true });
  const task = await systemDb().callTask.findFirstOrThrow({ where: { campaignId: c.id } });
  return { b, c, task };
}

function ctxFor(tenantId: string, placement: DispatchContext["placement"], now: Date, crashAt?: DispatchContext["crashAt"]): DispatchContext {
  return { db: systemDb(), tenantId, placement, now: () => now, crashAt };
}

describe("dispatch", () => {
  it("guards, creates one outbound call and asks placement to dial it", async () => {
    const { b, task } = await listTask();
    const fake = fakePlacement();
    const r = await dispatchTask(ctxFor(b.tenant.id, fake.placement, NOW), task.id);
    expect(r.kind).toBe("dialed");
    const after = await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.state).toBe("dialing");
    const call = await systemDb().call.findUniqueOrThrow({ where: { callTaskId: task.id } });
    expect(call).toMatchObject({ direction: "outbound", toNumber: b.contact.phone, contactId: b.contact.id, simulated: false });
    expect(fake.requests).toEqual([call.id]);
    const decisions = await systemDb().guardDecision.findMany({ where: { taskId: task.id } });
    expect(decisions.map((d) => d.decision)).toEqual(["allow"]);
  });

  it("creates the call with the campaign's workflow, read with the guard's facts", async () => {
    const { b, c, task } = await listTask();
    await systemDb().campaign.update({ where: { id: c.id }, data: { workflowId: "wf-reminders", workflowVersionId: "wfv-reminders-3" } });
    for (const ownerPool of [undefined, systemPool()]) {
      const t = ownerPool ? (await listTask()).task : task;
      const tenantId = ownerPool ? t.tenantId : b.tenant.id;
      if (ownerPool) await systemDb().campaign.update({ where: { id: t.campaignId }, data: { workflowId: "wf-pool", workflowVersionId: null } });
      expect((await dispatchTask({ ...ctxFor(tenantId, fakePlacement().placement, NOW), ownerPool }, t.id)).kind).toBe("dialed");
      const call = await systemDb().call.findUniqueOrThrow({ where: { callTaskId: t.id } });
      expect([call.workflowId, call.workflowVersionId]).toEqual(ownerPool ? ["wf-pool", null] : ["wf-reminders", "wfv-reminders-3"]);
    }
  });

  it("through the owner's raw pool (as the job runs it): dials once, and records a deferral with the task's new state", async () => {
    const { b, task } = await listTask();
    const fake = fakePlacement();
    const night = new Date("2027-01-13T03:00:00Z");
    await systemDb().callTask.update({ where: { id: task.id }, data: { nextAttemptAt: night } });
    const deferred = await dispatchTask({ ...ctxFor(b.tenant.id, fake.placement, night), ownerPool: systemPool() }, task.id);
    expect(deferred).toMatchObject({ kind: "waiting", nextAttemptAt: new Date("2027-01-13T13:00:00Z") });
    const waiting = await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([waiting.state, waiting.reasonCode, waiting.nextAttemptAt.toISOString(), waiting.claimedAt]).toEqual(["waiting", "outside_window", "2027-01-13T13:00:00.000Z", null]);
    expect(waiting.reason).toContain("Outside calling hours");
    expect((await dispatchTask({ ...ctxFor(b.tenant.id, fake.placement, NOW), ownerPool: systemPool() }, task.id)).kind).toBe("dialed");
    const after = await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([after.state, after.dialedAt?.toISOString()]).toEqual(["dialing", NOW.toISOString()]);
    const decisions = await systemDb().guardDecision.findMany({ where: { taskId: task.id }, orderBy: { at: "asc" } });
    expect(decisions.map((d) => [d.decision, d.reasonCode, d.at.toISOString()])).toEqual([
      ["defer", "outside_window", night.toISOString()],
      ["allow", "ok", NOW.toISOString()],
    ]);
    expect(decisions[0]!.nextAllowedAt?.toISOString()).toBe("2027-01-13T13:00:00.000Z");
    expect(fake.dials()).toBe(1);
  });

  it("waits with the reason 'telephony not configured' when LiveKit is not set up", async () => {
    const { b, task } = await listTask();
    const fake = fakePlacement(false);
    const r = await dispatchTask(ctxFor(b.tenant.id, fake.placement, NOW), task.id);
    expect(r.kind).toBe("waiting");
    const after = await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([after.state, after.reason]).toEqual(["waiting", TELEPHONY_NOT_CONFIGURED]);
    expect(fake.requests).toEqual([]);
  });

  it("defers outside the callee's window and blocks do-not-call numbers, dialling neither", async () => {
    const { b, task } = await listTask();
    const fake = fakePlacement();
    const night = new Date("2027-01-13T03:00:00Z");
    await systemDb().callTask.update({ where: { id: task.id }, data: { nextAttemptAt: night } });
    const r = await dispatchTask(ctxFor(b.tenant.id, fake.placement, night), task.id);
    expect(r).toMatchObject({ kind: "waiting", nextAttemptAt: new Date("2027-01-13T13:00:00Z") });
    await addDoNotCall({ db: systemDb(), tenantId: b.tenant.id, actorId: null }, { phone: b.contact.phone! });
    expect((await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } })).state).toBe("blocked");
    expect((await dispatchTask(ctxFor(b.tenant.id, fake.placement, NOW), task.id)).kind).toBe("skipped");
    expect(fake.requests).toEqual([]);
  });

  for (const point of ["claimed", "decided", "call_created", "placed"] as const) {
    it(`places exactly one call when the dispatcher dies after "${point}" and is retried`, async () => {
      const { b, task } = await listTask();
      const fake = fakePlacement();
      let crashed = false;
      const crash = (p: string) => {
        if (p === point && !crashed) {
          crashed = true;
          throw new Error(`crash at ${p}`);
        }
      };
      await expect(dispatchTask(ctxFor(b.tenant.id, fake.placement, NOW, crash), task.id)).rejects.toThrow(`crash at ${point}`);
      // The job is retried at once (graphile-worker), then later by the sweep's recovery.
      await dispatchTask(ctxFor(b.tenant.id, fake.placement, NOW), task.id);
      const later = new Date(NOW.getTime() + 6 * MIN);
      const due = await dueTasks(systemDb(), later);
      if (due.some((t) => t.id === task.id)) await dispatchTask(ctxFor(b.tenant.id, fake.placement, later), task.id);
      await dispatchTask(ctxFor(b.tenant.id, fake.placement, later), task.id);

      const calls = await systemDb().call.findMany({ where: { callTaskId: task.id } });
      expect(calls).toHaveLength(1);
      expect(fake.dials()).toBe(1);
      expect(new Set(fake.requests)).toEqual(new Set([calls[0]!.id]));
      expect((await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } })).state).toBe("dialing");
    });
  }

  it("two dispatchers racing for one task dial once", async () => {
    const { b, task } = await listTask();
    const fake = fakePlacement();
    await Promise.all([1, 2, 3].map(() => dispatchTask(ctxFor(b.tenant.id, fake.placement, NOW), task.id).catch(() => null)));
    expect(fake.dials()).toBe(1);
    expect(await systemDb().call.count({ where: { callTaskId: task.id } })).toBe(1);
  });
});

describe("dispatch when placement refuses", () => {
  it("puts the task back to waiting when the trunk is missing, and reuses the same call next time", async () => {
    const { b, task } = await listTask();
    const seen: string[] = [];
    let configured = false;
    const placement: DispatchContext["placement"] = {
      isTelephonyConfigured: () => true,
      async placeCall(_ctx, { callId }) {
        seen.push(callId);
        if (!configured) throw Object.assign(new Error("No outbound trunk"), { name: "PlacementError", code: "NOT_CONFIGURED" });
        return { placed: true, alreadyPlaced: false, roomName: `call-${callId}` };
      },
    };
    expect((await dispatchTask(ctxFor(b.tenant.id, placement, NOW), task.id)).kind).toBe("waiting");
    const waiting = await systemDb().callTask.findUniqueOrThrow({ where: { id: task.id } });
    expect([waiting.state, waiting.reason, waiting.dialedAt]).toEqual(["waiting", TELEPHONY_NOT_CONFIGURED, null]);
    configured = true;
    const later = new Date(NOW.getTime() + 16 * 60_000);
    expect((await dispatchTask(ctxFor(b.tenant.id, placement, later), task.id)).kind).toBe("dialed");
    expect(new Set(seen).size).toBe(1);
    expect(await systemDb().call.count({ where: { callTaskId: task.id } })).toBe(1);
  });
});

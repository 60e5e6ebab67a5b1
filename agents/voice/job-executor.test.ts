// The shared (in-process) job executor of the agent worker: several calls in one process, one
// prewarmed VAD, one failing call not taking the others down, shutdown and drain as the
// framework does them. No LiveKit server here: jobs get real (unconnected) rtc-node Rooms.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { AgentServer, initializeLogger, ServerOptions, type JobContext, type JobProcess, type JobRequest, type RunningJobInfo } from "@livekit/agents";
import { AudioFrame, Room, RoomEvent } from "@livekit/rtc-node";
import { Job, JobType, Room as RoomInfo, ServerMessage, WorkerMessage } from "@livekit/protocol";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { systemDb } from "../../server/db";
import { createCheckpointer } from "../runtime/checkpointer";
import { createRuntime } from "../runtime/index";
import { business, FRONT_DESK } from "../runtime/test-fixtures";
import { closeWithJob, runtimeConversation } from "./conversation";
import { installSharedJobPool, JobStatus, SharedJobPool } from "./job-executor";

beforeAll(() => initializeLogger({ pretty: false, level: "silent" }));

let seq = 0;
function jobInfo(metadata = ""): RunningJobInfo {
  const id = `AJ_test_${++seq}`;
  return {
    acceptArguments: { name: "", identity: `agent-${id}`, metadata: "" },
    job: { id, room: { name: `call-${seq}`, sid: `RM_${seq}` }, metadata, agentName: "switchboard", attributes: {} } as never,
    url: "ws://127.0.0.1:1",
    token: "",
    workerId: "test-worker",
  };
}

/** A promise with its resolver, and a poll helper. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
async function until(cond: () => boolean, ms = 5_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const pools: SharedJobPool[] = [];
function newPool(agent: ConstructorParameters<typeof SharedJobPool>[0]["agent"], more: Partial<ConstructorParameters<typeof SharedJobPool>[0]> = {}) {
  const pool = new SharedJobPool({ agent, maxJobs: 10, closeTimeout: 5_000, sessionEndTimeout: 5_000, ...more });
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("SharedJobPool: calls in one process", () => {
  it("runs two jobs at the same time in this process, sharing one prewarmed VAD", async () => {
    const prewarm = vi.fn((proc: JobProcess) => {
      proc.userData.vad = { model: "silero", loadedAt: Date.now() };
    });
    const seen: { pid: number; vad: unknown; metadata: string; room: Room; ctx: JobContext }[] = [];
    const bothIn = deferred();
    const pool = newPool({
      prewarm,
      entry: async (ctx) => {
        seen.push({ pid: ctx.proc.pid, vad: ctx.proc.userData.vad, metadata: ctx.job.metadata, room: ctx.room, ctx });
        if (seen.length === 2) bothIn.resolve();
        // Neither call finishes before the other has started: they run side by side.
        await bothIn.promise;
      },
    });
    pool.start();
    const a = await pool.launchJob(jobInfo('{"callId":"a"}'));
    const b = await pool.launchJob(jobInfo('{"callId":"b"}'));
    await bothIn.promise;

    expect(prewarm).toHaveBeenCalledTimes(1);
    expect(pool.prewarmCount).toBe(1);
    expect(seen[0]!.vad).toBeDefined();
    expect(seen[1]!.vad).toBe(seen[0]!.vad);
    expect(seen.map((s) => s.metadata).sort()).toEqual(['{"callId":"a"}', '{"callId":"b"}']);
    expect(seen[0]!.room).not.toBe(seen[1]!.room);
    expect(pool.activeJobs).toBe(2);
    // The entry returning does not end a call (as in the framework): the call ends on shutdown.
    expect(a.finished || b.finished).toBe(false);

    seen[0]!.ctx.shutdown("workflow ended");
    seen[1]!.ctx.shutdown("workflow ended");
    await Promise.all([a.join(), b.join()]);
    expect([a.status, b.status]).toEqual([JobStatus.SUCCESS, JobStatus.SUCCESS]);
    expect(a.closeReason).toBe("workflow ended");
    expect(pool.activeJobs).toBe(0);
  });

  it("gives each call its own stream over the one real Silero VAD model (as agents/worker.ts)", async () => {
    const { SharedSileroVad } = await import("./shared-vad");
    const streams: number[] = [];
    const loads = vi.spyOn(SharedSileroVad, "load");
    const pool = newPool({
      prewarm: async (proc) => {
        proc.userData.vad = await SharedSileroVad.load();
      },
      entry: async (ctx) => {
        const vad = (ctx.proc.userData.vad as Awaited<ReturnType<typeof SharedSileroVad.load>>).forCall();
        const stream = vad.stream();
        // 0.5 s of quiet noise at 16 kHz in 20 ms frames.
        for (let f = 0; f < 25; f++) {
          const pcm = Int16Array.from({ length: 320 }, () => Math.round((Math.random() - 0.5) * 200));
          stream.pushFrame(new AudioFrame(pcm, 16_000, 1, 320));
        }
        let inferences = 0;
        for await (const ev of stream) {
          if (ev.type === 1 /* INFERENCE_DONE */) inferences++;
          if (inferences >= 10) break;
        }
        stream.close();
        streams.push(inferences);
        ctx.shutdown("done");
      },
    });
    const jobs = await Promise.all([pool.launchJob(jobInfo()), pool.launchJob(jobInfo()), pool.launchJob(jobInfo())]);
    await Promise.all(jobs.map((j) => j.join()));
    expect(pool.prewarmCount).toBe(1);
    expect(loads).toHaveBeenCalledTimes(1);
    expect((pool.proc.userData.vad as { calls: number }).calls).toBe(3);
    expect(streams).toEqual([10, 10, 10]);
    loads.mockRestore();
    expect(jobs.map((j) => j.status)).toEqual([JobStatus.SUCCESS, JobStatus.SUCCESS, JobStatus.SUCCESS]);
  });

  it("a throwing entry ends only its own call, after running that call's shutdown callbacks", async () => {
    const callbacks: string[] = [];
    const other = deferred();
    const pool = newPool({
      entry: async (ctx) => {
        const name = JSON.parse(ctx.job.metadata).name as string;
        ctx.addShutdownCallback(async () => {
          callbacks.push(name);
        });
        if (name === "bad") {
          await new Promise((r) => setTimeout(r, 10));
          throw new Error("workflow failed to load");
        }
        await other.promise;
      },
    });
    const bad = await pool.launchJob(jobInfo('{"name":"bad"}'));
    const good = await pool.launchJob(jobInfo('{"name":"good"}'));
    await bad.join();
    expect(bad.status).toBe(JobStatus.FAILED);
    expect(bad.closeReason).toBe("job crashed");
    expect(callbacks).toEqual(["bad"]);
    // The other call is still running.
    expect(good.finished).toBe(false);
    expect(good.status).toBe(JobStatus.RUNNING);
    expect(pool.processes).toEqual([good]);

    other.resolve();
    await good.close();
    expect(good.status).toBe(JobStatus.SUCCESS);
    expect(callbacks).toEqual(["bad", "good"]);
  });

  it("a call whose session failed after it started is still closed by the job's end (as agents/worker.ts)", async () => {
    const biz = await business();
    const base = await createCheckpointer();
    const put = base.put.bind(base);
    // The checkpoint writes are slow: the call's writes are still on their way when it crashes.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    base.put = async (...args: Parameters<typeof put>) => {
      await gate;
      return put(...args);
    };
    const rt = createRuntime({ checkpointer: base, live: { retryDelayMs: 5 } });
    const closeErrors: unknown[] = [];
    let callId = "";
    const pool = newPool({
      entry: async (ctx) => {
        const conversation = runtimeConversation({ tenantId: biz.id, workflowVersionId: null, spec: FRONT_DESK, direction: "inbound", callerPhone: "+12125550100", runtime: rt });
        closeWithJob(ctx, conversation, (err) => closeErrors.push(err));
        callId = (await conversation.start()).callId;
        await conversation.turn("I'd like to leave my name");
        await conversation.turn("Dana Scully");
        expect((await conversation.turn("no, not really")).ended).toBe(true);
        // The agent throws before its exit (which would have closed the call).
        setTimeout(open, 20);
        throw new Error("transfer handler failed");
      },
    });
    const job = await pool.launchJob(jobInfo());
    await job.join();
    expect(job.status).toBe(JobStatus.FAILED);
    expect(closeErrors).toEqual([]);
    // Closed: the runtime let go of the call, and its closing writes (turn rows, the end) landed.
    expect(rt.holds(callId)).toBe(false);
    expect(rt.pendingWrites(callId)).toBe(0);
    const call = await systemDb().call.findUniqueOrThrow({ where: { id: callId }, include: { turns: true } });
    expect(call).toMatchObject({ status: "completed", outcome: "callback_requested" });
    expect(call.endedAt).not.toBeNull();
    expect(call.turns).toHaveLength(8);
  });

  it("an uncaught error raised in one call's async context ends that call only", async () => {
    const pool = newPool({
      entry: async (ctx) => {
        if (ctx.job.metadata === "bad") {
          // What process.on('uncaughtException') receives when a timer of this call throws.
          setTimeout(() => pool.onUncaughtException(new Error("boom in a timer")), 5);
        }
      },
    });
    const bad = await pool.launchJob(jobInfo("bad"));
    const good = await pool.launchJob(jobInfo("good"));
    await bad.join();
    expect(bad.status).toBe(JobStatus.FAILED);
    expect(good.finished).toBe(false);
    // Outside any call: logged, nothing ends.
    pool.onUncaughtException(new Error("not in a call"));
    await new Promise((r) => setTimeout(r, 20));
    expect(good.finished).toBe(false);
    await good.close();
    expect(good.status).toBe(JobStatus.SUCCESS);
  });

  it("shutdown (server termination) closes the session, disconnects the room and runs the callbacks in order", async () => {
    const order: string[] = [];
    let room!: Room;
    const started = deferred();
    const pool = newPool({
      entry: async (ctx) => {
        room = ctx.room;
        vi.spyOn(room, "disconnect").mockImplementation(async () => {
          order.push("room disconnected");
        });
        ctx.addShutdownCallback(async () => {
          order.push("callback 1");
        });
        ctx.addShutdownCallback(async () => {
          order.push("callback 2");
        });
        started.resolve();
      },
      onSessionEnd: async () => {
        order.push("onSessionEnd");
      },
    });
    const job = await pool.launchJob(jobInfo());
    await started.promise;
    // As AgentServer handles a termination message: getByJobId(id).close().
    await pool.getByJobId(job.runningJob!.job.id)!.close();
    expect(job.finished).toBe(true);
    expect(job.status).toBe(JobStatus.SUCCESS);
    expect(job.closeReason).toBe("shutdown request");
    expect(order).toEqual(["onSessionEnd", "room disconnected", "callback 1", "callback 2"]);
    expect(pool.getByJobId(job.runningJob!.job.id)).toBeNull();
  });

  it("ends a call when its room disconnects (the caller hung up, the room was deleted)", async () => {
    const shutdown = vi.fn(async () => {});
    const pool = newPool({
      entry: async (ctx) => {
        ctx.addShutdownCallback(shutdown);
      },
    });
    const job = await pool.launchJob(jobInfo());
    await until(() => job.context !== undefined);
    job.context!.room.emit(RoomEvent.Disconnected, 0 as never);
    await job.join();
    expect(job.closeReason).toBe("room disconnected");
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it("admits calls up to maxJobs and reports the worker full at maxJobs", async () => {
    const pool = newPool({ entry: async () => {} }, { maxJobs: 2 });
    const request = () => {
      const r = { id: `AJ_${++seq}`, accept: vi.fn(async () => {}), reject: vi.fn(async () => {}) };
      return r;
    };
    expect(pool.load(0.1)).toBeCloseTo(0.1);
    const [r1, r2, r3] = [request(), request(), request()];
    await pool.requestFunc(r1 as unknown as JobRequest);
    await pool.requestFunc(r2 as unknown as JobRequest);
    await pool.requestFunc(r3 as unknown as JobRequest);
    expect([r1.accept, r2.accept, r3.accept].map((f) => f.mock.calls.length)).toEqual([1, 1, 0]);
    expect(r3.reject).toHaveBeenCalledTimes(1);
    // Two accepted calls awaiting assignment count toward the load: full (>= threshold 0.7).
    expect(pool.load(0.1)).toBeCloseTo(0.7);
    expect(pool.load(0.9)).toBeCloseTo(0.9);
    // The assignment arrives: the reservation becomes a running call.
    const job = await pool.launchJob(jobInfo());
    expect(pool.activeJobs).toBe(1);
    expect(pool.load(0)).toBeCloseTo(0.7);
    await job.close();
    expect(pool.load(0)).toBeCloseTo(0.35);
  });

  it("frees the slot of a call that could not start (its room could not be created)", async () => {
    const pool = newPool({ entry: async () => {} }, { maxJobs: 1, createRoom: () => { throw new Error("no room"); } });
    await expect(pool.launchJob(jobInfo())).rejects.toThrow("no room");
    expect(pool.activeJobs).toBe(0);
    expect(pool.load(0)).toBeCloseTo(0);
  });
});

describe("installSharedJobPool: the worker's ProcPool runs jobs in this process", () => {
  it("AgentServer sees the shared jobs as its active jobs and drain waits for them", async () => {
    const release = deferred();
    const entered = deferred();
    const pool = newPool({
      entry: async (ctx) => {
        entered.resolve();
        await release.promise;
        ctx.shutdown("workflow ended");
      },
    });
    const restore = await installSharedJobPool(pool, { guardProcess: false });
    try {
      const dist = dirname(createRequire(import.meta.url).resolve("@livekit/agents"));
      const { ProcPool } = (await import(pathToFileURL(join(dist, "ipc/proc_pool.js")).href)) as {
        ProcPool: new (o: Record<string, unknown>) => { start(): void; launchJob(i: RunningJobInfo): Promise<void>; processes: { runningJob?: RunningJobInfo; join(): Promise<void> }[] };
      };
      // The worker's own pool, with idle processes asked for (production default): none is forked.
      const procPool = new ProcPool({ agent: "/nonexistent/agent.ts", numIdleProcesses: 3, initializeTimeout: 1_000, closeTimeout: 2_000, sessionEndTimeout: 2_000, memoryWarnMB: 0, memoryLimitMB: 0 });
      procPool.start();
      await pool.ready();
      expect(procPool.processes).toEqual([]);
      const info = jobInfo('{"callId":"x"}');
      await procPool.launchJob(info);
      await entered.promise;
      expect(procPool.processes.map((p) => p.runningJob?.job.id)).toEqual([info.job.id]);

      const server = new AgentServer(new ServerOptions({ agent: "/nonexistent/agent.ts", wsURL: "ws://127.0.0.1:1", apiKey: "key", apiSecret: "secret", port: 0 }));
      expect(server.activeJobs.map((j) => j.job.id)).toEqual([info.job.id]);
      let drained = false;
      const drain = server.drain(10_000).then(() => (drained = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(drained).toBe(false); // a running call keeps the drain waiting
      release.resolve();
      await drain;
      expect(server.activeJobs).toEqual([]);
    } finally {
      restore();
    }
    const dist = dirname(createRequire(import.meta.url).resolve("@livekit/agents"));
    const { ProcPool } = (await import(pathToFileURL(join(dist, "ipc/proc_pool.js")).href)) as { ProcPool: { prototype: object } };
    expect(Object.getOwnPropertySymbols(ProcPool.prototype)).toEqual([]);
  });
});

describe("the whole worker path against a fake LiveKit server (worker websocket protocol)", () => {
  it("accepts a dispatched job, runs it in this process, ends it on termination, rejects beyond maxJobs", async () => {
    // `ws` (a dependency of @livekit/agents) serves the worker websocket: register, availability,
    // assignment, termination, as LiveKit's server speaks them.
    const { Server } = createRequire(import.meta.url)("ws") as { Server: new (o: { port: number }) => FakeWss };
    interface FakeSocket {
      send(data: Uint8Array): void;
      on(ev: "message", cb: (data: Buffer) => void): void;
    }
    interface FakeWss {
      on(ev: "connection", cb: (s: FakeSocket) => void): void;
      address(): { port: number };
      close(cb: () => void): void;
    }
    const wss = new Server({ port: 0 });
    const fromWorker: WorkerMessage[] = [];
    const connected = deferred<FakeSocket>();
    const job = (id: string, metadata: string) => new Job({ id, type: JobType.JT_ROOM, room: new RoomInfo({ name: `call-${id}`, sid: `RM_${id}` }), metadata, agentName: "switchboard" });
    const jobs = { a: job("AJ_fake_a", '{"callId":"a"}'), b: job("AJ_fake_b", '{"callId":"b"}') };
    wss.on("connection", (sock) => {
      sock.on("message", (data) => {
        const msg = WorkerMessage.fromBinary(new Uint8Array(data));
        fromWorker.push(msg);
        if (msg.message.case === "register") {
          sock.send(new ServerMessage({ message: { case: "register", value: { workerId: "AW_fake" } } }).toBinary());
          connected.resolve(sock);
        }
        if (msg.message.case === "availability" && msg.message.value.available) {
          const j = Object.values(jobs).find((x) => x.id === (msg.message.value as { jobId: string }).jobId)!;
          sock.send(new ServerMessage({ message: { case: "assignment", value: { job: j, token: "token", url: "ws://127.0.0.1:1" } } }).toBinary());
        }
      });
    });

    const entered = deferred<JobContext>();
    const shutdowns: string[] = [];
    const pool = newPool(
      {
        entry: async (ctx) => {
          ctx.addShutdownCallback(async () => {
            shutdowns.push(ctx.job.id);
          });
          entered.resolve(ctx);
        },
      },
      { maxJobs: 1 },
    );
    const restore = await installSharedJobPool(pool, { guardProcess: false });
    const server = new AgentServer(
      new ServerOptions({
        agent: "/nonexistent/agent.ts",
        agentName: "switchboard",
        wsURL: `ws://127.0.0.1:${wss.address().port}`,
        apiKey: "key",
        apiSecret: "secret-secret-secret-secret-secret",
        port: 0,
        requestFunc: pool.requestFunc,
        loadFunc: pool.loadFunc,
        loadThreshold: pool.loadThreshold,
      }),
    );
    const running = server.run().catch(() => undefined);
    try {
      const sock = await connected.promise;
      const register = fromWorker.find((m) => m.message.case === "register")!.message.value as { agentName: string };
      expect(register.agentName).toBe("switchboard");

      sock.send(new ServerMessage({ message: { case: "availability", value: { job: jobs.a } } }).toBinary());
      const ctx = await entered.promise;
      expect(ctx.job.id).toBe("AJ_fake_a");
      expect(ctx.job.metadata).toBe('{"callId":"a"}');
      expect(ctx.proc.pid).toBe(process.pid);
      expect(server.activeJobs.map((j) => j.job.id)).toEqual(["AJ_fake_a"]);

      // Full (maxJobs 1): the next job is declined, so LiveKit offers it to another worker.
      sock.send(new ServerMessage({ message: { case: "availability", value: { job: jobs.b } } }).toBinary());
      await until(() => fromWorker.some((m) => m.message.case === "availability" && m.message.value.jobId === "AJ_fake_b"));
      const answerB = fromWorker.find((m) => m.message.case === "availability" && m.message.value.jobId === "AJ_fake_b")!.message.value as { available: boolean };
      expect(answerB.available).toBe(false);

      // The server ends the job (e.g. the room is gone): the call winds down in this process.
      sock.send(new ServerMessage({ message: { case: "termination", value: { jobId: "AJ_fake_a" } } }).toBinary());
      await until(() => server.activeJobs.length === 0);
      expect(shutdowns).toEqual(["AJ_fake_a"]);
    } finally {
      await server.close();
      await running;
      restore();
      await new Promise<void>((r) => wss.close(() => r()));
    }
  });
});

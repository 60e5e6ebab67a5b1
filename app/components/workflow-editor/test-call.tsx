// The test call: a text conversation with a workflow version through the real runtime (stored
// as a call with direction `test`). Shows each turn, the slots filled, the actions taken, and
// the node the call is at, highlighted on a read-only canvas.
import { useFetcher } from "@remix-run/react";
import { ReactFlowProvider } from "@xyflow/react";
import { Bot, PhoneCall, PhoneOff, RotateCcw, Send, User, Wrench } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { WorkflowSpec } from "../../../agents/graphs/spec";
import { validateSpec } from "../../../agents/graphs/validate";
import { ContactPicker } from "../scheduling/contact-picker";
import { Alert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../ui/card";
import { cn } from "../ui/cn";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { Select } from "../ui/select";
import { WorkflowCanvas } from "./canvas";
import { autoLayout, needsLayout } from "./graph";

export interface TurnView {
  callId: string;
  say: string[];
  nodeId: string | null;
  waiting: boolean;
  ended: boolean;
  outcome: string | null;
  actions: { type: string; ok: boolean; [k: string]: unknown }[];
  slots: Record<string, unknown>;
  path: string[];
}

export type TestCallActionResult = { ok: true; intent: "start" | "turn"; turn: TurnView } | { ok: false; intent: string; error: string };

export interface TestTarget {
  /** "draft" or a version id. */
  id: string;
  label: string;
  /** The spec as JSON (draft or version); optional because JSON serialisation may drop it. */
  spec?: unknown;
}

type Line = { role: "agent" | "caller" | "system"; text: string; key: string };

function showSlot(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  const v = value as Record<string, unknown>;
  if (typeof v.text === "string") return v.text;
  if ("value" in v) return String(v.value);
  if ("amount" in v) return `${String(v.amount)}${v.currency ? ` ${String(v.currency)}` : ""}`;
  return JSON.stringify(value);
}

function actionDetail(a: TurnView["actions"][number]): string {
  const { type: _t, ok: _o, ...rest } = a;
  const text = JSON.stringify(rest);
  return text === "{}" ? "" : text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

export function TestCall({ targets, defaultTarget }: { targets: TestTarget[]; defaultTarget: string }) {
  const fetcher = useFetcher<TestCallActionResult>();
  const busy = fetcher.state !== "idle";
  const [targetId, setTargetId] = useState(defaultTarget);
  const [who, setWho] = useState<"stranger" | "contact">("stranger");
  const [contact, setContact] = useState<{ id: string; name: string } | null>(null);
  const [phone, setPhone] = useState("");
  const [lines, setLines] = useState<Line[]>([]);
  const [turn, setTurn] = useState<TurnView | null>(null);
  const [actions, setActions] = useState<TurnView["actions"]>([]);
  const [utterance, setUtterance] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [visited, setVisited] = useState<string[]>([]);
  const counter = useRef(0);
  const endRef = useRef<HTMLLIElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const target = targets.find((t) => t.id === targetId) ?? targets[0];
  const spec = useMemo(() => {
    const parsed = validateSpec(target?.spec);
    const s = (parsed.spec ?? target?.spec) as WorkflowSpec | undefined;
    if (!s?.nodes) return null;
    const safe = { ...s, edges: s.edges ?? [], slots: s.slots ?? [], settings: s.settings ?? { disclosure: true, maxTurns: 40 } };
    return needsLayout(safe) ? autoLayout(safe) : safe;
  }, [target]);

  const key = () => String(counter.current++);

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data) return;
    if (!data.ok) {
      setError(data.error);
      return;
    }
    setError(null);
    const t = data.turn;
    setTurn(t);
    setActions((a) => [...a, ...t.actions]);
    setVisited(t.path);
    setLines((l) => [
      ...l,
      ...t.say.map((text) => ({ role: "agent" as const, text, key: key() })),
      ...(t.ended ? [{ role: "system" as const, text: `Call ended${t.outcome ? ` · ${t.outcome.replace(/_/g, " ")}` : ""}`, key: key() }] : []),
    ]);
    requestAnimationFrame(() => inputRef.current?.focus());
  }, [fetcher.state, fetcher.data]);

  useEffect(() => {
    // Braces matter: newer Chromium returns a promise from scrollIntoView, and an effect must not return one.
    endRef.current?.scrollIntoView({ block: "nearest" });
  }, [lines.length]);

  const start = () => {
    setLines([]);
    setActions([]);
    setTurn(null);
    setVisited([]);
    setError(null);
    fetcher.submit(
      { intent: "start", target: targetId, contactId: who === "contact" ? (contact?.id ?? null) : null, callerPhone: who === "stranger" ? phone.trim() || null : null },
      { method: "post", encType: "application/json" },
    );
  };
  const send = (text: string, silence = false) => {
    if (!turn || turn.ended || busy) return;
    setLines((l) => [...l, { role: "caller", text: silence ? "(silence)" : text, key: key() }]);
    setUtterance("");
    fetcher.submit({ intent: "turn", callId: turn.callId, utterance: silence ? "" : text, silence }, { method: "post", encType: "application/json" });
  };

  const inCall = !!turn && !turn.ended;
  const slots = Object.entries(turn?.slots ?? {});

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
      <Card className="flex min-h-[28rem] flex-col">
        <CardHeader className="gap-3 border-b pb-4">
          <div className="grid gap-3 sm:grid-cols-3">
            <Field label="Version">
              <Select value={targetId} onChange={(e) => setTargetId(e.target.value)} disabled={inCall}>
                {targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Caller">
              <Select value={who} onChange={(e) => setWho(e.target.value as "stranger" | "contact")} disabled={inCall}>
                <option value="stranger">A new caller</option>
                <option value="contact">A known contact</option>
              </Select>
            </Field>
            {who === "stranger" ? (
              <Field label="Calling from" hint="Optional">
                <Input value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+15551234567" disabled={inCall} />
              </Field>
            ) : (
              <ContactPicker label="Contact" name="contactId" hint="" onChoose={(o) => setContact(o)} />
            )}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {inCall ? (
              <Button variant="outline" onClick={() => setTurn((t) => (t ? { ...t, ended: true } : t))}>
                <PhoneOff aria-hidden="true" /> Hang up
              </Button>
            ) : (
              <Button onClick={start} disabled={busy || !target || (who === "contact" && !contact)}>
                {turn ? <RotateCcw aria-hidden="true" /> : <PhoneCall aria-hidden="true" />} {turn ? "Call again" : "Start test call"}
              </Button>
            )}
            <p className="text-xs text-muted-foreground">Test calls run the real workflow against your data (bookings and messages are real) and are kept in Calls as tests.</p>
          </div>
        </CardHeader>
        <CardContent className="flex min-h-0 flex-1 flex-col gap-3 p-4">
          {error ? <Alert variant="destructive" title="The test call stopped">{error}</Alert> : null}
          <ol className="grid flex-1 content-start gap-2 overflow-y-auto" aria-label="Conversation" aria-live="polite" data-testid="transcript">
            {lines.length === 0 && !busy ? (
              <li className="py-10 text-center text-sm text-muted-foreground">Start a test call, then type what the caller says.</li>
            ) : null}
            {lines.map((line) =>
              line.role === "system" ? (
                <li key={line.key} className="text-center text-xs font-medium text-muted-foreground" data-role="system">
                  {line.text}
                </li>
              ) : (
                <li key={line.key} data-role={line.role} className={cn("flex items-end gap-2", line.role === "caller" && "flex-row-reverse")}>
                  <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-muted" aria-hidden="true">
                    {line.role === "agent" ? <Bot className="size-3.5" /> : <User className="size-3.5" />}
                  </span>
                  <p
                    className={cn(
                      "max-w-[80%] rounded-2xl px-3 py-2 text-sm",
                      line.role === "agent" ? "rounded-bl-sm bg-muted" : "rounded-br-sm bg-primary text-primary-foreground",
                    )}
                  >
                    <span className="sr-only">{line.role === "agent" ? "Agent: " : "Caller: "}</span>
                    {line.text}
                  </p>
                </li>
              ),
            )}
            {busy ? <li className="text-xs text-muted-foreground">…</li> : null}
            <li ref={endRef} aria-hidden="true" />
          </ol>
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (utterance.trim()) send(utterance.trim());
            }}
          >
            <label htmlFor="utterance" className="sr-only">
              Caller says
            </label>
            <Input
              id="utterance"
              ref={inputRef}
              autoComplete="off"
              placeholder={inCall ? "Caller says…" : "Start a call first"}
              value={utterance}
              onChange={(e) => setUtterance(e.target.value)}
              disabled={!inCall}
            />
            <Button type="submit" disabled={!inCall || busy || !utterance.trim()}>
              <Send aria-hidden="true" /> Say
            </Button>
            <Button variant="outline" disabled={!inCall || busy} onClick={() => send("", true)} title="The caller says nothing">
              Silence
            </Button>
          </form>
        </CardContent>
      </Card>

      <div className="grid content-start gap-4">
        <Card>
          <CardHeader className="pb-2">
            <CardTitle className="flex items-center justify-between text-sm">
              Where the call is
              {turn?.ended ? <Badge variant="secondary">{turn.outcome ? turn.outcome.replace(/_/g, " ") : "ended"}</Badge> : turn?.nodeId ? <Badge>{turn.nodeId}</Badge> : null}
            </CardTitle>
          </CardHeader>
          <CardContent className="p-0">
            <div className="h-72 border-t" data-testid="test-canvas">
              {spec ? (
                <ReactFlowProvider>
                  <WorkflowCanvas spec={spec} readOnly highlight={{ current: turn?.nodeId ?? null, visited }} fitKey={targetId} />
                </ReactFlowProvider>
              ) : (
                <p className="p-4 text-sm text-muted-foreground">This version has no steps to show.</p>
              )}
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="pb-2">
            <CardTitle className="text-sm">Slots filled</CardTitle>
          </CardHeader>
          <CardContent>
            {slots.length === 0 ? (
              <p className="text-xs text-muted-foreground">Nothing yet.</p>
            ) : (
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="slots">
                {slots.map(([name, value]) => (
                  <div key={name} className="contents">
                    <dt className="font-mono text-xs text-muted-foreground">{name}</dt>
                    <dd className="break-words">{showSlot(value)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="pb-2">
            <CardTitle className="text-sm">Actions taken</CardTitle>
          </CardHeader>
          <CardContent>
            {actions.length === 0 ? (
              <p className="text-xs text-muted-foreground">None yet.</p>
            ) : (
              <ul className="grid gap-1.5 text-sm" data-testid="actions">
                {actions.map((a, i) => (
                  <li key={i} className="flex items-start gap-2">
                    <Wrench className="mt-0.5 size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />
                    <div className="min-w-0">
                      <span className="font-medium">{a.type.replace(/_/g, " ")}</span>{" "}
                      <Badge variant={a.ok ? "success" : "destructive"}>{a.ok ? "ok" : "failed"}</Badge>
                      {actionDetail(a) ? <p className="truncate font-mono text-[11px] text-muted-foreground">{actionDetail(a)}</p> : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

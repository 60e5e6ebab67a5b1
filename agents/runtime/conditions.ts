// Evaluates a spec Condition (branch edges) over the call context: slots.*, vars.*, contact.*, ...
import type { Condition } from "../graphs/spec";
import { resolvePath } from "../graphs/template-text";

/** Comparable form of a value: slot objects compare by amount / start / value. */
function scalar(v: unknown): unknown {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (o.amount !== undefined) return Number(o.amount);
    if (o.start !== undefined) return o.start;
    if (o.value !== undefined) return o.value;
  }
  return v;
}

function compare(a: unknown, b: unknown): number | null {
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === "number" && typeof y === "number") return x - y;
  const nx = Number(x);
  const ny = Number(y);
  if (x !== "" && y !== "" && x !== null && y !== null && Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
  if (typeof x === "string" && typeof y === "string") return x < y ? -1 : x > y ? 1 : 0;
  return null;
}

function truthy(v: unknown): boolean {
  const s = scalar(v);
  if (Array.isArray(s)) return s.length > 0;
  if (s && typeof s === "object") return Object.keys(s).length > 0;
  return Boolean(s);
}

export function evaluateCondition(c: Condition, ctx: unknown): boolean {
  if ("all" in c) return c.all.every((x) => evaluateCondition(x, ctx));
  if ("any" in c) return c.any.some((x) => evaluateCondition(x, ctx));
  if ("not" in c) return !evaluateCondition(c.not, ctx);
  const v = resolvePath(ctx, c.var);
  switch (c.op) {
    case "exists":
      return v !== undefined && v !== null;
    case "missing":
      return v === undefined || v === null;
    case "truthy":
      return truthy(v);
    case "falsy":
      return !truthy(v);
    case "eq":
      return scalar(v) === c.value || (compare(v, c.value) === 0 && typeof scalar(v) !== "boolean");
    case "neq":
      return !(scalar(v) === c.value || (compare(v, c.value) === 0 && typeof scalar(v) !== "boolean"));
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const d = compare(v, c.value);
      if (d === null) return false;
      return c.op === "gt" ? d > 0 : c.op === "gte" ? d >= 0 : c.op === "lt" ? d < 0 : d <= 0;
    }
    case "in":
      return Array.isArray(c.value) && c.value.some((x) => x === scalar(v));
    case "contains": {
      const s = scalar(v);
      if (Array.isArray(s)) return s.includes(c.value);
      return typeof s === "string" && typeof c.value === "string" && s.toLowerCase().includes(c.value.toLowerCase());
    }
  }
}

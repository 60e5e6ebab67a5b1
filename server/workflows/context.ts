// What every workflow service takes, and the expected failures it reports.
import type { Tx } from "../db";

export interface WorkflowContext {
  db: Tx;
  tenantId: string;
  /** The signed-in user; null for seeds and jobs. */
  actorId: string | null;
  ip?: string;
}

/** For the long-running operations (running scenarios) that open their own short transactions. */
export interface WorkflowScope {
  tenantId: string;
  actorId: string | null;
  ip?: string;
}

export class WorkflowError extends Error {
  constructor(readonly code: "NOT_FOUND" | "INVALID" | "CONFLICT", message: string) {
    super(message);
    this.name = "WorkflowError";
  }
}

// Expected scheduling failures as typed errors, each with a message a person can act on.
// Routers turn them into tRPC errors or result values; the phone agent reads `nextSlots`.
import type { AvailabilityIssue } from "./availability";

/** A free time: who, and when (instants; show them in the business's zone). */
export interface SlotSuggestion {
  staffId: string;
  staffName: string;
  startsAt: Date;
  endsAt: Date;
}

export type BookingIssue =
  | AvailabilityIssue
  | { code: "too_soon"; message: string }
  | { code: "too_far"; message: string }
  | { code: "staff_unavailable"; message: string };

export class SchedulingError extends Error {
  constructor(
    readonly code: "not_found" | "invalid_state" | "invalid_input",
    message: string,
  ) {
    super(message);
    this.name = "SchedulingError";
  }
}

/**
 * Somebody else holds that time: found by the pre-check, or by the database's EXCLUDE
 * constraint when two bookings race. Carries the next free times for the same person.
 */
export class SlotTakenError extends Error {
  readonly code = "slot_taken";
  constructor(readonly nextSlots: SlotSuggestion[]) {
    super("That time was just taken.");
    this.name = "SlotTakenError";
  }
}

/** The time breaks a booking rule (hours, closures, notice, horizon) or the person cannot take it. */
export class SlotUnavailableError extends Error {
  readonly code = "slot_unavailable";
  constructor(
    readonly issues: BookingIssue[],
    readonly nextSlots: SlotSuggestion[],
  ) {
    super(issues.map((i) => i.message).join(" ") || "That time is not available.");
    this.name = "SlotUnavailableError";
  }
}

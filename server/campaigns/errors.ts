/** An expected failure a person can act on ("not a phone number", "no such campaign"). */
export class OutboundError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID",
    message: string,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

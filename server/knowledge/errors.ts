// Expected knowledge-base failures, each with a message a person can act on.
export class KnowledgeError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "BAD_FILE" | "INVALID",
    message: string,
  ) {
    super(message);
    this.name = "KnowledgeError";
  }
}

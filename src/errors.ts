// An error a user caused and can fix; the HTTP layer turns it into JSON with
// this status. Anything else is a bug and becomes a 500.
export class AppError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code?: string,
    /** Extra fields for the JSON answer (e.g. which zone was refused). */
    readonly detail?: Record<string, unknown>,
    /** The English, when `message` is Vietnamese only (the HTTP layer answers in the caller's language: src/http/messages.ts). */
    readonly en?: string,
  ) {
    super(message);
  }
}

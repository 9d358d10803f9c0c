// An error a user caused and can fix; the HTTP layer turns it into JSON with
// this status. Anything else is a bug and becomes a 500.
export class AppError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code?: string,
    /** More for the client, sent along in the error's body (e.g. the conflicts that blocked a request). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

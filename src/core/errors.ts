/** Coded domain errors; the HTTP edge maps each code to a status once (src/http/errors.ts). */
export type ErrorCode =
  | "INVALID" // 400: input does not satisfy the schema
  | "UNAUTHENTICATED" // 401
  | "FORBIDDEN" // 403: known record, role may not do this (e.g. a rep editing pipelines)
  | "NOT_FOUND" // 404: unknown, or not visible to the caller
  | "VERSION_CONFLICT" // 409: stale version
  | "DUPLICATE" // 409: unique key taken
  | "RULE" // 409: a business rule forbids this in the current state
  | "STAGE_SKIPPED" // 422
  | "CHECKLIST_INCOMPLETE" // 422
  | "WON_NEEDS_PAYMENT" // 422
  | "LOST_NEEDS_REASON" // 422
  | "REASON_REQUIRED" // 422
  | "RATE_LIMITED"; // 429

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const invalid = (field: string, message: string) => new AppError("INVALID", message, field);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "not allowed for your role") => new AppError("FORBIDDEN", message);
export const conflict = (entity: string, expected: number, actual: number) =>
  new AppError(
    "VERSION_CONFLICT",
    `${entity} was changed by someone else (your version ${expected}, current ${actual}); reload and try again`,
    "version",
    { current: actual },
  );

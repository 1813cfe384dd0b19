/** Coded domain errors; the HTTP edge maps each code to a status once (src/http/errors.ts). */
export type ErrorCode =
  | "INVALID" // 400: input does not satisfy the schema
  | "UNAUTHENTICATED" // 401
  | "FORBIDDEN" // 403: known record, role may not do this (e.g. a rep editing pipelines)
  | "NOT_FOUND" // 404: unknown, or not visible to the caller
  | "VERSION_CONFLICT" // 409: stale version
  | "DUPLICATE" // 409: unique key taken
  | "WRITE_CONFLICT" // 409: the database broke a deadlock or could not serialise: this transaction was rolled back
  | "RULE" // 409: a business rule forbids this in the current state
  | "STAGE_SKIPPED" // 422
  | "CHECKLIST_INCOMPLETE" // 422
  | "WON_NEEDS_PAYMENT" // 422
  | "LOST_NEEDS_REASON" // 422
  | "REASON_REQUIRED" // 422
  | "CONTRACT_SIGNED_IN_FUTURE" // 422: Won's contract signed after today
  | "PAYMENT_BEFORE_SIGNING" // 422: first payment dated before the signing
  | "PAYMENT_IN_FUTURE" // 422: first payment dated after today
  | "FIRST_PAYMENT_EXCEEDS_AMOUNT" // 422
  | "FIRST_PAYMENT_TOO_SMALL" // 422: below the configured minimum share
  | "BALANCE_DUE_DATE_REQUIRED" // 422: a balance needs its due date
  | "BALANCE_DUE_TOO_EARLY" // 422: balance due on/before the first payment or before today
  | "LIFECYCLE_STAGE_UNKNOWN" // 422: not a stage key of the customer lifecycle pipeline
  | "RATE_LIMITED" // 429
  // organisation, pools, transfers, tokens (070_org); details carry { params }
  | "POOL_NOT_IN_POOL" // 409: the customer is owned (already claimed)
  | "POOL_NOT_MEMBER" // 403: the user is not a member of the customer's pool
  | "POOL_NOT_ADMIN" // 403: only the pool's admins may assign or change its rules
  | "POOL_CLAIM_DAILY_CAP" // 409
  | "POOL_COOLDOWN" // 409: the previous owner must wait before claiming again
  | "POOL_HOLD_CAP" // 409
  | "POOL_LOCK_CAP" // 409
  | "TRANSFER_INACTIVE_USER" // 409: the receiving user is deactivated
  | "DEPARTMENT_CYCLE" // 409: a department cannot move under itself
  | "DEPARTMENT_NOT_EMPTY" // 409
  | "TOKEN_READ_ONLY" // 403: a read-only token tried to write
  | "FIELD_TYPE_UNCONVERTIBLE" // 409: a custom field's new type does not fit every stored value
  | "FIELD_OPTION_IN_USE"; // 409: an option still chosen by a record cannot be removed

/**
 * Values a client needs to say the error in its own language: `rule` names the specific check that failed
 * (the web app looks up `CODE.rule` before `CODE`), the rest fill the placeholders. `message` stays English.
 */
export type ErrorParams = Readonly<Record<string, string | number | boolean | null>>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** `rule` (optional) names the check, e.g. invalid("contract.firstPaymentFen", "…", { rule: "positive" }). */
export const invalid = (field: string, message: string, params?: ErrorParams) => new AppError("INVALID", message, field, undefined, params);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`, undefined, undefined, { entity: what });
export const forbidden = (message = "not allowed for your role", params?: ErrorParams) => new AppError("FORBIDDEN", message, undefined, undefined, params);
export const conflict = (entity: string, expected: number, actual: number) =>
  new AppError(
    "VERSION_CONFLICT",
    `${entity} was changed by someone else (your version ${expected}, current ${actual}); reload and try again`,
    "version",
    { current: actual },
    { entity, expected, current: actual },
  );

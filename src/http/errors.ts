/** The one table from error code to HTTP status, and the error handler that applies it. */
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type ErrorCode } from "../core/errors";
import { isTransientConflict } from "../db/tx";

export const STATUS: Record<ErrorCode, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  WRITE_CONFLICT: 409,
  RULE: 409,
  STAGE_SKIPPED: 422,
  CHECKLIST_INCOMPLETE: 422,
  WON_NEEDS_PAYMENT: 422,
  LOST_NEEDS_REASON: 422,
  REASON_REQUIRED: 422,
  CONTRACT_SIGNED_IN_FUTURE: 422,
  PAYMENT_BEFORE_SIGNING: 422,
  PAYMENT_IN_FUTURE: 422,
  FIRST_PAYMENT_EXCEEDS_AMOUNT: 422,
  FIRST_PAYMENT_TOO_SMALL: 422,
  BALANCE_DUE_DATE_REQUIRED: 422,
  BALANCE_DUE_TOO_EARLY: 422,
  LIFECYCLE_STAGE_UNKNOWN: 422,
  RATE_LIMITED: 429,
  POOL_NOT_IN_POOL: 409,
  POOL_NOT_MEMBER: 403,
  POOL_NOT_ADMIN: 403,
  POOL_CLAIM_DAILY_CAP: 409,
  POOL_COOLDOWN: 409,
  POOL_HOLD_CAP: 409,
  POOL_LOCK_CAP: 409,
  TRANSFER_INACTIVE_USER: 409,
  DEPARTMENT_CYCLE: 409,
  DEPARTMENT_NOT_EMPTY: 409,
  TOKEN_READ_ONLY: 403,
  FIELD_TYPE_UNCONVERTIBLE: 409,
  FIELD_OPTION_IN_USE: 409,
};

/** The status and envelope of a rule's refusal (AppError) or a unique-key race; null for anything else. */
export function ruleErrorAnswer(err: unknown): [number, { error: Record<string, unknown> }] | null {
  if (err instanceof AppError)
    return [STATUS[err.code], { error: { code: err.code, message: err.message, field: err.field ?? null, details: err.details, params: err.params } }];
  // A store checks its unique keys first; this is the race between that check and the insert (two requests
  // adding the same product code at once): the database's own constraint decides, and the loser gets a 409.
  if (isUniqueViolation(err))
    return [409, { error: { code: "DUPLICATE", message: "a record with this key already exists", field: null, params: { rule: "unique" } } }];
  // Two transactions locked the same rows in opposite orders (PostgreSQL broke the deadlock, 40P01), could not be
  // serialised (40001), or another process held SQLite's write lock past the busy timeout: the database rolled the
  // transaction back, so the request changed nothing; the user may send it again.
  if (isTransientConflict(err) || isSqliteBusy(err))
    return [
      409,
      { error: { code: "WRITE_CONFLICT", message: "another change met this one at the same records; nothing was saved, try again", field: null, params: {} } },
    ];
  return null;
}

/** better-sqlite3's answer when the write lock stayed taken past busy_timeout (another process writing the file). */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

/** The answer to an unexpected error (logged by the caller). */
export const INTERNAL_ERROR = { error: { code: "INTERNAL", message: "internal error", field: null } };

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      const [status, body] = ruleErrorAnswer(err)!;
      return reply.code(status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0];
      const where = (issue.instancePath || "").replace(/^\//, "").replace(/\//g, ".");
      const field = [err.validationContext === "body" ? "" : err.validationContext, where].filter(Boolean).join(".") || undefined;
      const message = `${field ?? "request"}: ${issue.message}`;
      return reply
        .code(400)
        .send({ error: { code: "INVALID", message, field: where || field || null, params: validationParams(issue.keyword, issue.params) } });
    }
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({
        error: {
          code: status === 429 ? "RATE_LIMITED" : "INVALID",
          message: err.message,
          field: (err as FastifyError).code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" ? "content-type" : null,
          params: { rule: (err as FastifyError).code ?? null },
        },
      });
    }
    const rule = ruleErrorAnswer(err);
    if (rule) return reply.code(rule[0]).send(rule[1]);
    req.log.error({ err }, "unhandled error");
    return reply.code(500).send(INTERNAL_ERROR);
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.url}`, field: null } }));
}

/** A unique-key violation from either engine: better-sqlite3's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL's 23505. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/** The zod issue as translatable params: rule = the zod issue code (too_small, invalid_type, …) and its bounds. */
function validationParams(keyword: string, raw: unknown): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = { rule: keyword };
  const p = (raw ?? {}) as Record<string, unknown>;
  for (const k of ["minimum", "maximum", "expected", "format", "origin", "inclusive"]) {
    const v = p[k];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
    else if (typeof v === "bigint") out[k] = Number(v);
  }
  if (Array.isArray(p.values)) out.values = p.values.map(String).join(", ");
  return out;
}

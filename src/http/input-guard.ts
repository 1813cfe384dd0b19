/**
 * The one input layer in front of every route's own schema: text may not hold NUL or other control characters
 * (tab, newline and carriage return only in long free text such as notes), a PATCH must change something, and a
 * malformed request line gets the same error envelope as every other error. PostgreSQL refuses NUL in text, so
 * without this a value SQLite stored could never be restored into PostgreSQL.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../core/errors";
import { isIsoDate } from "../core/dates";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F]/;
/** Body fields whose text may run over several lines. */
const LONG_TEXT = /^(notes?|description|reason|outcome|comment|message|summary|body|text|content|address|definition(Zh|En)?|adjustNote|steps)$/i;

/** A real calendar date as YYYY-MM-DD (2026-02-30 is refused). */
export const isoDate = (message = "use a real date as YYYY-MM-DD") => z.string().refine(isIsoDate, message);

/** The path of the first string (or key) with a forbidden character, or null. */
export function badTextPath(value: unknown, path: string, allowBreaks: boolean, depth = 0): string | null {
  if (depth > 20) return null;
  if (typeof value === "string") return (allowBreaks ? CONTROL : CONTROL_OR_BREAK).test(value) ? path : null;
  if (value == null || typeof value !== "object" || Buffer.isBuffer(value)) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    const at = path ? `${path}.${k}` : k;
    if (CONTROL_OR_BREAK.test(k)) return at;
    const found = badTextPath(v, at, Array.isArray(value) ? allowBreaks : LONG_TEXT.test(k), depth + 1);
    if (found) return found;
  }
  return null;
}

function check(req: FastifyRequest): void {
  const where = badTextPath(req.params, "", false) ?? badTextPath(req.query, "", false);
  if (where) throw new AppError("INVALID", `${where}: control characters (such as NUL) are not allowed`, where);
  const inBody = badTextPath(req.body, "", false);
  if (inBody)
    throw new AppError(
      "INVALID",
      `${inBody}: control characters (such as NUL) are not allowed; line breaks and tabs only in notes and other long text`,
      inBody,
    );
}

/** After validation (unknown keys are gone): a PATCH that sets nothing is a 400, not an empty SQL update. */
function checkPatch(req: FastifyRequest): void {
  if (req.method === "PATCH" && req.body != null && typeof req.body === "object" && !Buffer.isBuffer(req.body) && !Array.isArray(req.body)) {
    const changes = Object.entries(req.body as Record<string, unknown>).filter(([k, v]) => k !== "version" && v !== undefined);
    if (changes.length === 0) throw new AppError("INVALID", "nothing to change: send at least one field besides version", "body");
  }
}

export function installInputGuard(app: FastifyInstance): void {
  // Synchronous hooks (no promise per request); a throw reaches the error handler as before.
  app.addHook("preValidation", (req, _reply, done) => {
    if (req.url.startsWith("/api/")) check(req);
    done();
  });
  app.addHook("preHandler", (req, _reply, done) => {
    if (req.method === "PATCH" && req.url.startsWith("/api/")) checkPatch(req);
    done();
  });
}

/** Fastify's clientErrorHandler: a request line Node cannot parse (raw UTF-8, bad bytes) answers the documented envelope. */
export function clientErrorResponse(err: Error & { code?: string }): string {
  const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
  const body = JSON.stringify({
    error: {
      code: "INVALID",
      message: tooLarge ? "request headers are too large" : "malformed request: percent-encode non-ASCII characters in the URL (e.g. 张 as %E5%BC%A0)",
      field: tooLarge ? "headers" : "url",
    },
  });
  return `HTTP/1.1 ${tooLarge ? 431 : 400} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

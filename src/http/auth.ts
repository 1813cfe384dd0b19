/**
 * Who is asking: a session cookie (browser, with a CSRF token on every unsafe request, logout included) or a
 * bearer token (scripts, CLI). Sessions and failed-login counts live in the database so several instances agree.
 * Sign-in does the same work for unknown and known e-mails and is throttled per account and client (login-throttle).
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../core/errors";
import { hashPassword, verifyPassword } from "../users/password";
import { passwordProblem } from "../users/password-policy";
import type { Viewer } from "../access/viewer";
import {
  changeOwnPassword,
  createApiToken,
  credentialsOf,
  endSession,
  loadViewer,
  passwordHashOf,
  sessionViewer,
  startSession,
  tokenViewer,
} from "../users/sessions-store";
import { clearFailures, recordFailure, throttled } from "./login-throttle";
import type { App } from "./plugin";

// Issued and read in the sign-in store (src/users/sessions-store.ts); kept importable from here for scripts and tests.
export { createApiToken, loadViewer, sha256 } from "../users/sessions-store";

export const SESSION_COOKIE = "jindou_session";
export const CSRF_COOKIE = "jindou_csrf";

/** A hash of a random password: unknown e-mails are checked against it so they cost the same scrypt as known ones. */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(18).toString("base64")));

/** Resolves req.signedIn (and so req.viewer) for every /api request; routes not marked public answer 401 without one. */
export function installAuth(app: FastifyInstance): void {
  app.decorateRequest("signedIn", null);
  app.decorateRequest("viewer", {
    getter(this: FastifyRequest): Viewer {
      if (!this.signedIn) throw new AppError("UNAUTHENTICATED", "sign in first");
      return this.signedIn;
    },
  });
  // Runs before body parsing and validation, so an anonymous caller learns nothing but 401.
  app.addHook("onRequest", async (req) => {
    if (!req.url.startsWith("/api/v1/")) return;
    await resolveViewer(app, req);
    if (req.routeOptions.config?.public) return;
    const refused = refusal(req, req.method);
    if (refused) throw refused;
  });
}

/** What resolveViewer reads and sets: a request, or the move's fast path's stand-in for one (src/opportunities/move-fast-routes.ts). */
export interface Credentials {
  headers: { authorization?: string; "x-csrf-token"?: string | string[] };
  cookies: Record<string, string | undefined>;
  signedIn: Viewer | null;
  viaToken?: boolean;
  tokenId?: number;
  csrfToken?: string;
  sessionHash?: string;
}

/** Why a non-public route refuses the caller (no one signed in, a read-only token or a missing CSRF token for a write), or null. */
export function refusal(c: Credentials, method: string): AppError | null {
  if (!c.signedIn) return new AppError("UNAUTHENTICATED", "sign in first (session cookie or bearer token)");
  const unsafe = method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
  if (unsafe && c.signedIn.readOnly)
    return new AppError("TOKEN_READ_ONLY", "this token is read-only; create a read-write token to make changes", "authorization");
  if (unsafe && !c.viaToken && c.headers["x-csrf-token"] !== c.csrfToken)
    return new AppError("FORBIDDEN", "missing or wrong x-csrf-token header", "x-csrf-token");
  return null;
}

/** Who is asking, from the bearer token or the session cookie (one lookup either way, nothing cached: a revoked token or ended session is refused at once). */
export async function resolveViewer(app: FastifyInstance, req: Credentials): Promise<void> {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    const t = await tokenViewer(app.db, auth.slice(7).trim(), app.now());
    req.signedIn = t?.viewer ?? null;
    req.tokenId = t?.tokenId;
    req.viaToken = true;
    return;
  }
  const sid = req.cookies[SESSION_COOKIE];
  if (!sid) return;
  // One lookup: the session with its user.
  const s = await sessionViewer(app.db, sid, app.now());
  if (!s) return;
  req.signedIn = s.viewer;
  req.csrfToken = s.csrfToken;
  req.sessionHash = s.sessionHash;
}

const Login = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1) });

export async function authRoutes(app: App): Promise<void> {
  app.post("/auth/login", { config: { public: true }, schema: { tags: ["auth"], body: Login } }, async (req, reply) => {
    const { email, password } = req.body;
    const now = app.now();
    const limits = { freeFailures: app.config.LOGIN_MAX_FAILURES, perClient: app.config.LOGIN_MAX_FAILURES_PER_CLIENT };
    const wait = await throttled(app.db, email, req.ip, now, limits);
    if (wait) {
      const seconds = Math.ceil(wait.waitMs / 1000);
      reply.header("retry-after", String(seconds));
      throw new AppError(
        "RATE_LIMITED",
        wait.reason === "client"
          ? `too many failed sign-ins from this address; try again in ${seconds} s`
          : `too many failed sign-ins for this account from this address; try again in ${seconds} s`,
        undefined,
        { retryAfterSeconds: seconds },
      );
    }
    const user = await credentialsOf(app.db, email);
    // Unknown and disabled accounts run the same scrypt as a wrong password: the answer time tells nothing.
    const matches = await verifyPassword(password, user ? user.password_hash : await dummy());
    if (!user || !user.active || !matches) {
      await recordFailure(app.db, email, req.ip, now);
      throw new AppError("UNAUTHENTICATED", "wrong email or password", "password");
    }
    await clearFailures(app.db, email, req.ip);
    const expires = now + app.config.SESSION_HOURS * 3600_000;
    const { sid, csrf } = await startSession(app.db, user.id, now, expires);
    setSessionCookies(app, reply, sid, csrf, expires);
    const viewer = await loadViewer(app.db, user.id);
    return { user: viewer, csrfToken: csrf };
  });

  // Public so that a browser with an expired session can still clear its cookies; a live session needs its CSRF token.
  app.post("/auth/logout", { config: { public: true }, schema: { tags: ["auth"] } }, async (req, reply) => {
    if (req.sessionHash && req.headers["x-csrf-token"] !== req.csrfToken)
      throw new AppError("FORBIDDEN", "missing or wrong x-csrf-token header", "x-csrf-token");
    if (req.sessionHash) await endSession(app.db, req.sessionHash);
    reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
    return { ok: true };
  });

  // Changing one's own password ends every other session and token of the user; this one stays signed in.
  app.post(
    "/auth/password",
    {
      schema: { tags: ["auth"], body: z.object({ currentPassword: z.string().min(1).max(500), newPassword: z.string().max(500) }) },
    },
    async (req) => {
      const viewer = req.viewer;
      if (!(await verifyPassword(req.body.currentPassword, await passwordHashOf(app.db, viewer.id))))
        throw new AppError("INVALID", "the current password is wrong", "currentPassword");
      const problem = passwordProblem(req.body.newPassword, viewer);
      if (problem) throw new AppError("INVALID", problem, "newPassword");
      const hash = await hashPassword(req.body.newPassword);
      const now = app.now();
      await changeOwnPassword(app.db, viewer.id, hash, now, { sessionHash: req.sessionHash, tokenId: req.tokenId });
      return { ok: true };
    },
  );

  app.get("/auth/me", { schema: { tags: ["auth"] } }, async (req) => ({ user: req.viewer, csrfToken: req.csrfToken ?? null }));

  app.post(
    "/auth/tokens",
    {
      schema: {
        tags: ["auth"],
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scope: z.enum(["read", "write"]).default("write"),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
      },
    },
    async (req) => {
      const now = app.now();
      const expiresAt = req.body.expiresInDays ? now + req.body.expiresInDays * 86_400_000 : null;
      const raw = await createApiToken(app.db, req.viewer.id, req.body.name, now, { scope: req.body.scope, expiresAt });
      return { token: raw, scope: req.body.scope, expiresAt, note: "shown once; send it as 'Authorization: Bearer <token>'" };
    },
  );
}

function setSessionCookies(app: FastifyInstance, reply: FastifyReply, sid: string, csrf: string, expires: number) {
  const secure = app.config.COOKIE_SECURE === "1";
  reply.setCookie(SESSION_COOKIE, sid, { path: "/", httpOnly: true, sameSite: "lax", secure, expires: new Date(expires) });
  reply.setCookie(CSRF_COOKIE, csrf, { path: "/", httpOnly: false, sameSite: "strict", secure, expires: new Date(expires) });
}

declare module "fastify" {
  /** Which session (its hash) or token the request came with: a password change keeps that one signed in. */
  interface FastifyRequest {
    sessionHash?: string;
    tokenId?: number;
  }
}

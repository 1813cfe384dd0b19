/**
 * Who is asking: a session cookie (browser, with a CSRF token on every unsafe request, logout included) or a
 * bearer token (scripts, CLI). Sessions and failed-login counts live in the database so several instances agree.
 * Sign-in does the same work for unknown and known e-mails and is throttled per account and client (login-throttle).
 */
import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { audit } from "../audit/log";
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import { hashPassword, verifyPassword } from "../users/password";
import { passwordProblem } from "../users/password-policy";
import { loadViewerOrg } from "../access/org";
import type { DataScope, Viewer } from "../access/viewer";
import { clearFailures, recordFailure, throttled } from "./login-throttle";
import type { App } from "./plugin";
import { endOtherSignIns } from "../users/sign-ins-store";

export const SESSION_COOKIE = "jindou_session";
export const CSRF_COOKIE = "jindou_csrf";

/** A hash of a random password: unknown e-mails are checked against it so they cost the same scrypt as known ones. */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(18).toString("base64")));

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const token = (bytes = 32) => randomBytes(bytes).toString("base64url");

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
    if (!req.signedIn) throw new AppError("UNAUTHENTICATED", "sign in first (session cookie or bearer token)");
    const unsafe = !["GET", "HEAD", "OPTIONS"].includes(req.method);
    if (unsafe && req.signedIn.readOnly) throw new AppError("TOKEN_READ_ONLY", "this token is read-only; create a read-write token to make changes", "authorization");
    if (unsafe && !req.viaToken && req.headers["x-csrf-token"] !== req.csrfToken)
      throw new AppError("FORBIDDEN", "missing or wrong x-csrf-token header", "x-csrf-token");
  });
}

async function resolveViewer(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    const t = await viewerFromToken(app.db, auth.slice(7).trim(), app.now());
    req.signedIn = t?.viewer ?? null;
    req.tokenId = t?.tokenId;
    req.viaToken = true;
    return;
  }
  const sid = req.cookies[SESSION_COOKIE];
  if (!sid) return;
  // One lookup: the session with its user.
  const s = await app.db.selectFrom("sessions as s").innerJoin("users as u", "u.id", "s.user_id").leftJoin("role_scopes as rs", "rs.role", "u.role")
    .select(["s.id", "s.expires_at", "s.csrf_token", ...USER_FIELDS]).where("s.id", "=", sha256(sid)).executeTakeFirst();
  if (!s || s.expires_at <= app.now()) return;
  req.signedIn = await viewerOfRow(app.db, s, app.now());
  req.csrfToken = s.csrf_token;
  req.sessionHash = s.id;
}

export async function loadViewer(db: Db, userId: number, at = Date.now()): Promise<Viewer | null> {
  const u = await db.selectFrom("users").select(["id", "role", "team_id", "name", "email", "locale", "active", "department_id", "data_scope"]).where("id", "=", userId).executeTakeFirst();
  if (!u || !u.active) return null;
  return { id: u.id, role: u.role, teamId: u.team_id, name: u.name, email: u.email, locale: u.locale, org: await loadViewerOrg(db, u, at) };
}

const USER_FIELDS = ["u.id as user_id", "u.role", "u.team_id", "u.name", "u.email", "u.locale", "u.active", "u.department_id", "u.data_scope", "rs.scope as role_scope"] as const;
type UserFields = {
  user_id: number; role: Viewer["role"]; team_id: number | null; name: string; email: string; locale: string; active: number;
  department_id: number | null; data_scope: DataScope | null; role_scope: DataScope | null;
};
/** The viewer of a session's or token's joined user row, with the organisation part of the access rule. */
async function viewerOfRow(db: Db, u: UserFields, at: number): Promise<Viewer | null> {
  if (!u.active) return null;
  const org = await loadViewerOrg(db, { id: u.user_id, role: u.role, department_id: u.department_id, data_scope: u.data_scope, role_scope: u.role_scope }, at);
  return { id: u.user_id, role: u.role, teamId: u.team_id, name: u.name, email: u.email, locale: u.locale, org };
}

async function viewerFromToken(db: Db, raw: string, now: number): Promise<{ viewer: Viewer | null; tokenId: number } | null> {
  // One lookup: the token with its user.
  const t = await db.selectFrom("api_tokens as t").innerJoin("users as u", "u.id", "t.user_id").leftJoin("role_scopes as rs", "rs.role", "u.role")
    .select(["t.id", "t.revoked_at", "t.last_used_at", "t.scope", "t.expires_at", ...USER_FIELDS]).where("t.token_hash", "=", sha256(raw)).executeTakeFirst();
  if (!t || t.revoked_at || (t.expires_at != null && t.expires_at <= now)) return null;
  // "last used" to the minute is enough, and spares a write on every scripted request.
  if (!t.last_used_at || now - t.last_used_at > 60_000) await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", t.id).execute();
  const viewer = await viewerOfRow(db, t, now);
  return { viewer: viewer && t.scope === "read" ? { ...viewer, readOnly: true } : viewer, tokenId: Number(t.id) };
}

export interface TokenOptions { scope?: "read" | "write"; expiresAt?: number | null }

/** Issues a bearer token for a user (read-write unless asked otherwise); only its hash is stored, the raw value is shown once. */
export async function createApiToken(db: Db, userId: number, name: string, now: number, opts: TokenOptions = {}): Promise<string> {
  const raw = "jd_" + token(24);
  await db.insertInto("api_tokens").values({
    user_id: userId, name, token_hash: sha256(raw), created_at: now, last_used_at: null, revoked_at: null,
    scope: opts.scope ?? "write", expires_at: opts.expiresAt ?? null,
  }).execute();
  return raw;
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
      throw new AppError("RATE_LIMITED", wait.reason === "client"
        ? `too many failed sign-ins from this address; try again in ${seconds} s`
        : `too many failed sign-ins for this account from this address; try again in ${seconds} s`, undefined, { retryAfterSeconds: seconds });
    }
    const user = await app.db.selectFrom("users").select(["id", "password_hash", "active"]).where("email", "=", email).executeTakeFirst();
    // Unknown and disabled accounts run the same scrypt as a wrong password: the answer time tells nothing.
    const matches = await verifyPassword(password, user ? user.password_hash : await dummy());
    if (!user || !user.active || !matches) {
      await recordFailure(app.db, email, req.ip, now);
      throw new AppError("UNAUTHENTICATED", "wrong email or password", "password");
    }
    await clearFailures(app.db, email, req.ip);
    const sid = token();
    const csrf = token(16);
    const expires = now + app.config.SESSION_HOURS * 3600_000;
    await app.db.insertInto("sessions").values({ id: sha256(sid), user_id: user.id, csrf_token: csrf, created_at: now, expires_at: expires, last_seen_at: now }).execute();
    setSessionCookies(app, reply, sid, csrf, expires);
    const viewer = await loadViewer(app.db, user.id);
    return { user: viewer, csrfToken: csrf };
  });

  // Public so that a browser with an expired session can still clear its cookies; a live session needs its CSRF token.
  app.post("/auth/logout", { config: { public: true }, schema: { tags: ["auth"] } }, async (req, reply) => {
    if (req.sessionHash && req.headers["x-csrf-token"] !== req.csrfToken)
      throw new AppError("FORBIDDEN", "missing or wrong x-csrf-token header", "x-csrf-token");
    if (req.sessionHash) await app.db.deleteFrom("sessions").where("id", "=", req.sessionHash).execute();
    reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
    return { ok: true };
  });

  // Changing one's own password ends every other session and token of the user; this one stays signed in.
  app.post("/auth/password", {
    schema: { tags: ["auth"], body: z.object({ currentPassword: z.string().min(1).max(500), newPassword: z.string().max(500) }) },
  }, async (req) => {
    const viewer = req.viewer;
    const u = await app.db.selectFrom("users").select(["password_hash"]).where("id", "=", viewer.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(req.body.currentPassword, u.password_hash))) throw new AppError("INVALID", "the current password is wrong", "currentPassword");
    const problem = passwordProblem(req.body.newPassword, viewer);
    if (problem) throw new AppError("INVALID", problem, "newPassword");
    const hash = await hashPassword(req.body.newPassword);
    const now = app.now();
    await app.db.transaction().execute(async (tx) => {
      await tx.updateTable("users").set({ password_hash: hash }).where("id", "=", viewer.id).execute();
      await endOtherSignIns(tx, viewer.id, now, { sessionHash: req.sessionHash, tokenId: req.tokenId });
      await audit(tx, viewer.id, "user", viewer.id, "password", { password: "(changed)", endedOtherSignIns: true }, now);
    });
    return { ok: true };
  });

  app.get("/auth/me", { schema: { tags: ["auth"] } }, async (req) => ({ user: req.viewer, csrfToken: req.csrfToken ?? null }));

  app.post("/auth/tokens", {
    schema: { tags: ["auth"], body: z.object({ name: z.string().trim().min(1).max(100), scope: z.enum(["read", "write"]).default("write"), expiresInDays: z.number().int().min(1).max(3650).optional() }) },
  }, async (req) => {
    const now = app.now();
    const expiresAt = req.body.expiresInDays ? now + req.body.expiresInDays * 86_400_000 : null;
    const raw = await createApiToken(app.db, req.viewer.id, req.body.name, now, { scope: req.body.scope, expiresAt });
    return { token: raw, scope: req.body.scope, expiresAt, note: "shown once; send it as 'Authorization: Bearer <token>'" };
  });
}

function setSessionCookies(app: FastifyInstance, reply: FastifyReply, sid: string, csrf: string, expires: number) {
  const secure = app.config.COOKIE_SECURE === "1";
  reply.setCookie(SESSION_COOKIE, sid, { path: "/", httpOnly: true, sameSite: "lax", secure, expires: new Date(expires) });
  reply.setCookie(CSRF_COOKIE, csrf, { path: "/", httpOnly: false, sameSite: "strict", secure, expires: new Date(expires) });
}

declare module "fastify" {
  /** Which session (its hash) or token the request came with: a password change keeps that one signed in. */
  interface FastifyRequest { sessionHash?: string; tokenId?: number }
}

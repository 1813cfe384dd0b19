/**
 * Who is asking: a session cookie (browser, with a CSRF token on every unsafe request) or a bearer token
 * (scripts, CLI). Sessions and failed-login counts live in the database so several instances agree.
 */
import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import { verifyPassword } from "../users/password";
import type { Viewer } from "../access/viewer";
import type { App } from "./plugin";

export const SESSION_COOKIE = "jindou_session";
export const CSRF_COOKIE = "jindou_csrf";
const FAILURE_WINDOW_MS = 15 * 60_000;

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
    if (unsafe && !req.viaToken && req.headers["x-csrf-token"] !== req.csrfToken)
      throw new AppError("FORBIDDEN", "missing or wrong x-csrf-token header", "x-csrf-token");
  });
}

async function resolveViewer(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    req.signedIn = await viewerFromToken(app.db, auth.slice(7).trim(), app.now());
    req.viaToken = true;
    return;
  }
  const sid = req.cookies[SESSION_COOKIE];
  if (!sid) return;
  const s = await app.db.selectFrom("sessions").selectAll().where("id", "=", sha256(sid)).executeTakeFirst();
  if (!s || s.expires_at <= app.now()) return;
  req.signedIn = await loadViewer(app.db, s.user_id);
  req.csrfToken = s.csrf_token;
}

export async function loadViewer(db: Db, userId: number): Promise<Viewer | null> {
  const u = await db.selectFrom("users").select(["id", "role", "team_id", "name", "email", "locale", "active"]).where("id", "=", userId).executeTakeFirst();
  if (!u || !u.active) return null;
  return { id: u.id, role: u.role, teamId: u.team_id, name: u.name, email: u.email, locale: u.locale };
}

async function viewerFromToken(db: Db, raw: string, now: number): Promise<Viewer | null> {
  const t = await db.selectFrom("api_tokens").select(["id", "user_id", "revoked_at", "last_used_at"]).where("token_hash", "=", sha256(raw)).executeTakeFirst();
  if (!t || t.revoked_at) return null;
  // "last used" to the minute is enough, and spares a write on every scripted request.
  if (!t.last_used_at || now - t.last_used_at > 60_000) await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", t.id).execute();
  return loadViewer(db, t.user_id);
}

/** Issues a bearer token for a user; only its hash is stored, the raw value is shown once. */
export async function createApiToken(db: Db, userId: number, name: string, now: number): Promise<string> {
  const raw = "jd_" + token(24);
  await db.insertInto("api_tokens").values({ user_id: userId, name, token_hash: sha256(raw), created_at: now, last_used_at: null, revoked_at: null }).execute();
  return raw;
}

const Login = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1) });

export async function authRoutes(app: App): Promise<void> {
  app.post("/auth/login", { config: { public: true }, schema: { tags: ["auth"], body: Login } }, async (req, reply) => {
    const { email, password } = req.body;
    const now = app.now();
    const since = now - FAILURE_WINDOW_MS;
    const fails = await app.db.selectFrom("login_failures").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("email", "=", email).where("at", ">", since).executeTakeFirstOrThrow();
    if (Number(fails.n) >= app.config.LOGIN_MAX_FAILURES)
      throw new AppError("RATE_LIMITED", "too many failed sign-ins for this account; try again in 15 minutes");
    const user = await app.db.selectFrom("users").select(["id", "password_hash", "active"]).where("email", "=", email).executeTakeFirst();
    if (!user || !user.active || !(await verifyPassword(password, user.password_hash))) {
      await app.db.insertInto("login_failures").values({ email, ip: req.ip, at: now }).execute();
      throw new AppError("UNAUTHENTICATED", "wrong email or password", "password");
    }
    await app.db.deleteFrom("login_failures").where("email", "=", email).execute();
    const sid = token();
    const csrf = token(16);
    const expires = now + app.config.SESSION_HOURS * 3600_000;
    await app.db.insertInto("sessions").values({ id: sha256(sid), user_id: user.id, csrf_token: csrf, created_at: now, expires_at: expires, last_seen_at: now }).execute();
    setSessionCookies(app, reply, sid, csrf, expires);
    const viewer = await loadViewer(app.db, user.id);
    return { user: viewer, csrfToken: csrf };
  });

  app.post("/auth/logout", { config: { public: true }, schema: { tags: ["auth"] } }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) await app.db.deleteFrom("sessions").where("id", "=", sha256(sid)).execute();
    reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
    return { ok: true };
  });

  app.get("/auth/me", { schema: { tags: ["auth"] } }, async (req) => ({ user: req.viewer, csrfToken: req.csrfToken ?? null }));

  app.post("/auth/tokens", { schema: { tags: ["auth"], body: z.object({ name: z.string().trim().min(1).max(100) }) } }, async (req) => {
    const raw = await createApiToken(app.db, req.viewer.id, req.body.name, app.now());
    return { token: raw, note: "shown once; send it as 'Authorization: Bearer <token>'" };
  });
}

function setSessionCookies(app: FastifyInstance, reply: FastifyReply, sid: string, csrf: string, expires: number) {
  const secure = app.config.COOKIE_SECURE === "1";
  reply.setCookie(SESSION_COOKIE, sid, { path: "/", httpOnly: true, sameSite: "lax", secure, expires: new Date(expires) });
  reply.setCookie(CSRF_COOKIE, csrf, { path: "/", httpOnly: false, sameSite: "strict", secure, expires: new Date(expires) });
}


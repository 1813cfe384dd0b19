/**
 * Sign-in storage: sessions and bearer tokens with their user (one lookup each), the viewer a user id stands for,
 * token issue, and the password change that ends the user's other sign-ins with its audit row in one transaction.
 * Session ids and tokens are stored as SHA-256 hashes only.
 */
import { createHash, randomBytes } from "node:crypto";
import { loadViewerOrg } from "../access/org";
import type { DataScope, Viewer } from "../access/viewer";
import { audit } from "../audit/log";
import type { Db } from "../db/connect";
import { runPrecompiled } from "../db/precompiled";
import { endOtherSignIns, type Keep } from "./sign-ins-store";

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

const USER_FIELDS = [
  "u.id as user_id",
  "u.role",
  "u.team_id",
  "u.name",
  "u.email",
  "u.locale",
  "u.active",
  "u.department_id",
  "u.data_scope",
  "rs.scope as role_scope",
] as const;
type UserFields = {
  user_id: number;
  role: Viewer["role"];
  team_id: number | null;
  name: string;
  email: string;
  locale: string;
  active: number;
  department_id: number | null;
  data_scope: DataScope | null;
  role_scope: DataScope | null;
};

/** The viewer of a session's or token's joined user row, with the organisation part of the access rule; null when inactive. */
async function viewerOfRow(db: Db, u: UserFields, at: number): Promise<Viewer | null> {
  if (!u.active) return null;
  const org = await loadViewerOrg(db, { id: u.user_id, role: u.role, department_id: u.department_id, data_scope: u.data_scope, role_scope: u.role_scope }, at);
  return { id: u.user_id, role: u.role, teamId: u.team_id, name: u.name, email: u.email, locale: u.locale, org };
}

/** The viewer an active user id stands for (null when there is no such active user). */
export async function loadViewer(db: Db, userId: number, at = Date.now()): Promise<Viewer | null> {
  const u = await db
    .selectFrom("users")
    .select(["id", "role", "team_id", "name", "email", "locale", "active", "department_id", "data_scope"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!u || !u.active) return null;
  return { id: u.id, role: u.role, teamId: u.team_id, name: u.name, email: u.email, locale: u.locale, org: await loadViewerOrg(db, u, at) };
}

/** The unexpired session with this raw id, with its viewer and CSRF token. */
export async function sessionViewer(
  db: Db,
  rawSessionId: string,
  now: number,
): Promise<{ viewer: Viewer | null; csrfToken: string; sessionHash: string } | null> {
  const s = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .leftJoin("role_scopes as rs", "rs.role", "u.role")
    .select(["s.id", "s.expires_at", "s.csrf_token", ...USER_FIELDS])
    .where("s.id", "=", sha256(rawSessionId))
    .executeTakeFirst();
  if (!s || s.expires_at <= now) return null;
  return { viewer: await viewerOfRow(db, s, now), csrfToken: s.csrf_token, sessionHash: s.id };
}

/** The live (not revoked, not expired) token with this raw value and its viewer (read-only tokens mark it); notes its use to the minute. */
export async function tokenViewer(db: Db, raw: string, now: number): Promise<{ viewer: Viewer | null; tokenId: number } | null> {
  // Every scripted request runs this lookup: compiled once (src/db/precompiled.ts).
  const [t] = (
    await runPrecompiled(db, db, "token-viewer", [sha256(raw)], (slot) =>
      db
        .selectFrom("api_tokens as t")
        .innerJoin("users as u", "u.id", "t.user_id")
        .leftJoin("role_scopes as rs", "rs.role", "u.role")
        .select(["t.id", "t.revoked_at", "t.last_used_at", "t.scope", "t.expires_at", ...USER_FIELDS])
        .where("t.token_hash", "=", slot(0)),
    )
  ).rows;
  if (!t || t.revoked_at || (t.expires_at != null && t.expires_at <= now)) return null;
  // "last used" to the minute is enough, and spares a write on every scripted request.
  if (!t.last_used_at || now - t.last_used_at > 60_000) await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", t.id).execute();
  const viewer = await viewerOfRow(db, t, now);
  return { viewer: viewer && t.scope === "read" ? { ...viewer, readOnly: true } : viewer, tokenId: Number(t.id) };
}

export interface TokenOptions {
  scope?: "read" | "write";
  expiresAt?: number | null;
}

/** Issues a bearer token for a user (read-write unless asked otherwise); only its hash is stored, the raw value is shown once. */
export async function createApiToken(db: Db, userId: number, name: string, now: number, opts: TokenOptions = {}): Promise<string> {
  const raw = "jd_" + randomToken(24);
  await db
    .insertInto("api_tokens")
    .values({
      user_id: userId,
      name,
      token_hash: sha256(raw),
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      scope: opts.scope ?? "write",
      expires_at: opts.expiresAt ?? null,
    })
    .execute();
  return raw;
}

/** What sign-in checks for an e-mail: the user id, password hash and whether the account is active. */
export function credentialsOf(db: Db, email: string) {
  return db.selectFrom("users").select(["id", "password_hash", "active"]).where("email", "=", email).executeTakeFirst();
}

/** A new session for the user; returns the raw session id and CSRF token (only the id's hash is stored). */
export async function startSession(db: Db, userId: number, now: number, expiresAt: number): Promise<{ sid: string; csrf: string }> {
  const sid = randomToken();
  const csrf = randomToken(16);
  await db
    .insertInto("sessions")
    .values({ id: sha256(sid), user_id: userId, csrf_token: csrf, created_at: now, expires_at: expiresAt, last_seen_at: now })
    .execute();
  return { sid, csrf };
}

export async function endSession(db: Db, sessionHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionHash).execute();
}

/** The user's password hash (the user exists: it is the signed-in viewer). */
export async function passwordHashOf(db: Db, userId: number): Promise<string> {
  return (await db.selectFrom("users").select(["password_hash"]).where("id", "=", userId).executeTakeFirstOrThrow()).password_hash;
}

/** Sets the user's own new password, ends their other sessions and tokens (not `keep`), with the audit row, in one transaction. */
export async function changeOwnPassword(db: Db, userId: number, hash: string, now: number, keep: Keep): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("users").set({ password_hash: hash }).where("id", "=", userId).execute();
    await endOtherSignIns(tx, userId, now, keep);
    await audit(tx, userId, "user", userId, "password", { password: "(changed)", endedOtherSignIns: true }, now);
  });
}

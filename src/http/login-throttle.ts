/**
 * Sign-in throttling after the OWASP Authentication Cheat Sheet. Failures are counted per (account, client):
 * after LOGIN_MAX_FAILURES free attempts each further attempt from that client for that account waits twice as
 * long (1 s, 2 s, 4 s … up to 15 min), so guessing is slow but the right password from another client is never
 * refused. Each client also has a ceiling across all accounts (LOGIN_MAX_FAILURES_PER_CLIENT per 15 min), which
 * stops one address from spraying passwords over many accounts. Rows live in login_failures so instances agree.
 */
import type { Db } from "../db/connect";

export const FAILURE_WINDOW_MS = 15 * 60_000;
export const MAX_DELAY_MS = 15 * 60_000;

export interface ThrottleLimits {
  freeFailures: number;
  perClient: number;
}

/** How long (ms) the next attempt must wait after `failures` failures, the last at `lastAt`. Pure. */
export function pairWaitMs(failures: number, lastAt: number, now: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(30, failures - freeFailures));
  return Math.max(0, lastAt + delay - now);
}

export interface Throttled {
  waitMs: number;
  reason: "account" | "client";
}

/** null when the attempt may go ahead; else how long to wait and why. */
export async function throttled(db: Db, email: string, ip: string, now: number, limits: ThrottleLimits): Promise<Throttled | null> {
  const since = now - FAILURE_WINDOW_MS;
  const client = await db
    .selectFrom("login_failures")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min<number>("at").as("first")])
    .where("ip", "=", ip)
    .where("at", ">", since)
    .executeTakeFirstOrThrow();
  if (Number(client.n) >= limits.perClient) return { waitMs: Math.max(1000, Number(client.first) + FAILURE_WINDOW_MS - now), reason: "client" };
  const pair = await db
    .selectFrom("login_failures")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max<number>("at").as("last")])
    .where("email", "=", email)
    .where("ip", "=", ip)
    .where("at", ">", since)
    .executeTakeFirstOrThrow();
  const waitMs = pairWaitMs(Number(pair.n), Number(pair.last ?? 0), now, limits.freeFailures);
  return waitMs > 0 ? { waitMs, reason: "account" } : null;
}

export async function recordFailure(db: Db, email: string, ip: string, now: number): Promise<void> {
  await db.insertInto("login_failures").values({ email, ip, at: now }).execute();
  // Rows older than the window no longer count; dropping them keeps the table small.
  await db
    .deleteFrom("login_failures")
    .where("at", "<=", now - FAILURE_WINDOW_MS)
    .execute();
}

/** A successful sign-in forgets this client's failures for the account (not other clients'). */
export async function clearFailures(db: Db, email: string, ip: string): Promise<void> {
  await db.deleteFrom("login_failures").where("email", "=", email).where("ip", "=", ip).execute();
}

/**
 * Pure claim rules (领取规则): membership, daily cap, the previous owner's cool-down and the holding cap, checked in
 * that order; the first that fails names itself with a code, the field it concerns and the numbers behind it.
 */
import { DAY_MS } from "../core/dates";

export interface ClaimLimits {
  dailyCap: number | null;
  cooldownDays: number | null;
  holdCap: number | null;
}
export interface ClaimFacts {
  inPool: boolean;
  isMember: boolean;
  /** claims by this user since the start of today (org time zone) */
  claimedToday: number;
  /** customers the user owns now, counted as the pool says (with or without won customers) */
  held: number;
  /** when this user last lost the customer (release, reclaim or transfer away), if ever */
  lostAt: number | null;
}
export type PoolRefusalCode = "POOL_NOT_IN_POOL" | "POOL_NOT_MEMBER" | "POOL_CLAIM_DAILY_CAP" | "POOL_COOLDOWN" | "POOL_HOLD_CAP" | "POOL_LOCK_CAP";
export interface Refusal {
  code: PoolRefusalCode;
  field: string;
  params: Record<string, number | string>;
  message: string;
}

export function checkClaim(limits: ClaimLimits, f: ClaimFacts, now: number): Refusal | null {
  if (!f.inPool) return { code: "POOL_NOT_IN_POOL", field: "id", params: {}, message: "this customer is not in a pool (already claimed or owned)" };
  if (!f.isMember) return { code: "POOL_NOT_MEMBER", field: "poolId", params: {}, message: "you are not a member of this customer's pool" };
  if (limits.dailyCap != null && f.claimedToday >= limits.dailyCap)
    return {
      code: "POOL_CLAIM_DAILY_CAP",
      field: "dailyClaimCap",
      params: { cap: limits.dailyCap, claimed: f.claimedToday },
      message: `daily claim cap reached: ${f.claimedToday} of ${limits.dailyCap} today`,
    };
  if (limits.cooldownDays != null && limits.cooldownDays > 0 && f.lostAt != null) {
    const until = f.lostAt + limits.cooldownDays * DAY_MS;
    if (now < until) {
      const daysLeft = Math.ceil((until - now) / DAY_MS);
      return {
        code: "POOL_COOLDOWN",
        field: "cooldownDays",
        params: { days: limits.cooldownDays, daysLeft, until },
        message: `you gave this customer up less than ${limits.cooldownDays} days ago; you may claim it again in ${daysLeft} day(s)`,
      };
    }
  }
  return checkHolding(limits.holdCap, f.held, 1);
}

/** The holding cap for receiving `adding` more customers (claims, assignments, transfers). */
export function checkHolding(holdCap: number | null, held: number, adding: number): Refusal | null {
  if (holdCap == null || held + adding <= holdCap) return null;
  return {
    code: "POOL_HOLD_CAP",
    field: "holdCap",
    params: { cap: holdCap, held, adding },
    message: `holding cap reached: owns ${held} of at most ${holdCap} customers`,
  };
}

/** The lock cap: how many customers one user may keep locked (locked customers are never reclaimed). */
export function checkLock(lockCap: number | null, locked: number): Refusal | null {
  if (lockCap == null || locked < lockCap) return null;
  return {
    code: "POOL_LOCK_CAP",
    field: "lockCap",
    params: { cap: lockCap, locked },
    message: `lock cap reached: ${locked} of at most ${lockCap} customers locked`,
  };
}

/** Claim, holding and lock caps, each at and just past its limit. */
import { describe, expect, test } from "vitest";
import { checkClaim, checkHolding, checkLock, type ClaimFacts } from "./claim-rules";

const DAY = 86_400_000;
const now = Date.parse("2026-06-15T02:00:00Z");
const ok: ClaimFacts = { inPool: true, isMember: true, claimedToday: 0, held: 0, lostAt: null };
const limits = { dailyCap: 3, cooldownDays: 7, holdCap: 10 };

describe("claim", () => {
  test("a member claiming a pool customer under every cap may claim", () => {
    expect(checkClaim(limits, { ...ok, claimedToday: 2, held: 9, lostAt: now - 7 * DAY }, now)).toBeNull();
  });
  test("a customer that is not in the pool, or a pool the user is not a member of, is refused first", () => {
    expect(checkClaim(limits, { ...ok, inPool: false, claimedToday: 99 }, now)?.code).toBe("POOL_NOT_IN_POOL");
    expect(checkClaim(limits, { ...ok, isMember: false, claimedToday: 99 }, now)?.code).toBe("POOL_NOT_MEMBER");
  });
  test("the 4th claim of the day with a cap of 3 is refused, naming the cap", () => {
    expect(checkClaim(limits, { ...ok, claimedToday: 3 }, now)).toMatchObject({
      code: "POOL_CLAIM_DAILY_CAP",
      field: "dailyClaimCap",
      params: { cap: 3, claimed: 3 },
    });
    expect(checkClaim({ ...limits, dailyCap: null }, { ...ok, claimedToday: 300 }, now)).toBeNull();
  });
  test("the previous owner waits 7 days: refused 6 days 23 hours after, allowed at 7 days", () => {
    const r = checkClaim(limits, { ...ok, lostAt: now - 6 * DAY - 23 * 3_600_000 }, now);
    expect(r).toMatchObject({ code: "POOL_COOLDOWN", params: { days: 7, daysLeft: 1 } });
    expect(checkClaim(limits, { ...ok, lostAt: now - 2 * DAY }, now)).toMatchObject({ code: "POOL_COOLDOWN", params: { daysLeft: 5 } });
    expect(checkClaim(limits, { ...ok, lostAt: now - 7 * DAY }, now)).toBeNull();
    expect(checkClaim({ ...limits, cooldownDays: 0 }, { ...ok, lostAt: now - 1 }, now)).toBeNull();
  });
  test("holding 10 of 10 refuses an 11th", () => {
    expect(checkClaim(limits, { ...ok, held: 10 }, now)).toMatchObject({ code: "POOL_HOLD_CAP", params: { cap: 10, held: 10 } });
  });
});

describe("holding and lock caps", () => {
  test("a transfer of 3 to someone holding 8 of 10 is refused; 2 is allowed", () => {
    expect(checkHolding(10, 8, 3)).toMatchObject({ code: "POOL_HOLD_CAP", params: { adding: 3 } });
    expect(checkHolding(10, 8, 2)).toBeNull();
    expect(checkHolding(null, 10_000, 1)).toBeNull();
  });
  test("the lock cap allows locking the 5th of 5 and refuses the 6th", () => {
    expect(checkLock(5, 4)).toBeNull();
    expect(checkLock(5, 5)).toMatchObject({ code: "POOL_LOCK_CAP", params: { cap: 5, locked: 5 } });
    expect(checkLock(null, 99)).toBeNull();
  });
});

describe("what a refused claim says", () => {
  test("each refusal names its field, its numbers and the rule in words", () => {
    expect(checkClaim(limits, { ...ok, inPool: false }, now)).toEqual({
      code: "POOL_NOT_IN_POOL",
      field: "id",
      params: {},
      message: "this customer is not in a pool (already claimed or owned)",
    });
    expect(checkClaim(limits, { ...ok, isMember: false }, now)).toEqual({
      code: "POOL_NOT_MEMBER",
      field: "poolId",
      params: {},
      message: "you are not a member of this customer's pool",
    });
    expect(checkClaim(limits, { ...ok, claimedToday: 4 }, now)).toEqual({
      code: "POOL_CLAIM_DAILY_CAP",
      field: "dailyClaimCap",
      params: { cap: 3, claimed: 4 },
      message: "daily claim cap reached: 4 of 3 today",
    });
    const lostAt = now - 2 * DAY;
    expect(checkClaim(limits, { ...ok, lostAt }, now)).toEqual({
      code: "POOL_COOLDOWN",
      field: "cooldownDays",
      params: { days: 7, daysLeft: 5, until: lostAt + 7 * DAY },
      message: "you gave this customer up less than 7 days ago; you may claim it again in 5 day(s)",
    });
    expect(checkClaim(limits, { ...ok, held: 10 }, now)).toEqual({
      code: "POOL_HOLD_CAP",
      field: "holdCap",
      params: { cap: 10, held: 10, adding: 1 },
      message: "holding cap reached: owns 10 of at most 10 customers",
    });
    expect(checkLock(5, 5)).toEqual({
      code: "POOL_LOCK_CAP",
      field: "lockCap",
      params: { cap: 5, locked: 5 },
      message: "lock cap reached: 5 of at most 5 customers locked",
    });
  });
  test("the cool-down ends exactly at its last millisecond; no cool-down without a previous loss; a daily cap of 0 refuses every claim", () => {
    expect(checkClaim(limits, { ...ok, lostAt: now - 7 * DAY + 1 }, now)).toMatchObject({ code: "POOL_COOLDOWN", params: { daysLeft: 1 } });
    expect(checkClaim({ ...limits, cooldownDays: null }, { ...ok, lostAt: now - 1 }, now)).toBeNull();
    expect(checkClaim(limits, { ...ok, lostAt: null }, now)).toBeNull();
    expect(checkClaim({ ...limits, dailyCap: 0 }, ok, now)?.code).toBe("POOL_CLAIM_DAILY_CAP");
    expect(checkClaim({ ...limits, holdCap: null }, { ...ok, held: 10_000 }, now)).toBeNull();
    expect(checkClaim(limits, { ...ok, held: 9 }, now)).toBeNull();
  });
});

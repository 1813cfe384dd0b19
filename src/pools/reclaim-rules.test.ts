/** Reclaim rules against hand-made timelines (days counted on the Shanghai calendar). */
import { describe, expect, test } from "vitest";
import { type CustomerFacts, type ReclaimPolicy, applicableRules, assessCustomer, calendarDays } from "./reclaim-rules";

const TZ = "Asia/Shanghai";
// Day 0: 2026-03-02 09:00 Shanghai (01:00Z). Day n: the same wall time n days later.
const day = (n: number, hour = 9) => Date.parse("2026-03-02T00:00:00Z") + n * 86_400_000 + (hour - 8) * 3_600_000;
const facts = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({
  ownerSince: day(0),
  lastFollowUpAt: null,
  lastDealAt: null,
  hasOpenDeal: false,
  lastWonAt: null,
  locked: false,
  levels: [],
  ...over,
});
const followUp7: ReclaimPolicy = { rules: [{ kind: "no_follow_up", level: null, days: 7, warnDays: 2 }], exemptWon: true, exemptOpenDeals: true };

describe("7 days without follow-up, warned 2 days before", () => {
  test("day by day: ok to day 4, warned on days 5 and 6, reclaimed on day 7", () => {
    const states = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => assessCustomer(followUp7, facts(), day(n), TZ).status);
    expect(states).toEqual(["ok", "ok", "ok", "ok", "ok", "warn", "warn", "due", "due"]);
  });
  test("days until the pool count down 7…1, then 0, with the due date 7 calendar days after receipt", () => {
    const v4 = assessCustomer(followUp7, facts(), day(4), TZ);
    expect(v4.daysLeft).toBe(3);
    expect(v4.dueDate).toBe("2026-03-09");
    expect(assessCustomer(followUp7, facts(), day(0), TZ).daysLeft).toBe(7);
    expect(assessCustomer(followUp7, facts(), day(9), TZ).daysLeft).toBe(0);
  });
  test("a follow-up on day 3 restarts the clock: warned on day 8, due on day 10", () => {
    const f = facts({ lastFollowUpAt: day(3, 15) });
    expect(assessCustomer(followUp7, f, day(7), TZ).status).toBe("ok");
    expect(assessCustomer(followUp7, f, day(8), TZ).status).toBe("warn");
    expect(assessCustomer(followUp7, f, day(10), TZ).status).toBe("due");
  });
  test("a follow-up older than the receipt does not shorten the new owner's clock", () => {
    const f = facts({ ownerSince: day(4), lastFollowUpAt: day(-30) });
    expect(assessCustomer(followUp7, f, day(10), TZ).status).toBe("warn");
    expect(assessCustomer(followUp7, f, day(11), TZ).status).toBe("due");
  });
  test("days are calendar days in the org zone: 23:30 on day 0 to 00:30 on day 1 is one day", () => {
    expect(calendarDays(day(0, 23.5), day(1, 0.5), TZ)).toBe(1);
    expect(calendarDays(day(0, 0.5), day(0, 23.5), TZ)).toBe(0);
  });
  test("not reclaimed when won or locked, even on day 30", () => {
    expect(assessCustomer(followUp7, facts({ lastWonAt: day(-100) }), day(30), TZ)).toMatchObject({ status: "exempt", exemptBy: "won" });
    expect(assessCustomer(followUp7, facts({ locked: true }), day(30), TZ)).toMatchObject({ status: "exempt", exemptBy: "locked" });
    expect(assessCustomer(followUp7, facts({ hasOpenDeal: true }), day(30), TZ)).toMatchObject({ status: "exempt", exemptBy: "open_deal" });
  });
  test("with the won and open-deal exemptions off, a won customer with an open deal is still reclaimed", () => {
    const strict = { ...followUp7, exemptWon: false, exemptOpenDeals: false };
    expect(assessCustomer(strict, facts({ lastWonAt: day(-100), hasOpenDeal: true }), day(7), TZ).status).toBe("due");
    expect(assessCustomer(strict, facts({ locked: true }), day(7), TZ).status).toBe("exempt");
  });
  test("a warning window of 0 days never warns", () => {
    const p = { ...followUp7, rules: [{ kind: "no_follow_up" as const, level: null, days: 7, warnDays: 0 }] };
    expect([5, 6, 7].map((n) => assessCustomer(p, facts(), day(n), TZ).status)).toEqual(["ok", "ok", "due"]);
  });
});

describe("no open opportunity and not won", () => {
  const policy: ReclaimPolicy = {
    rules: [
      { kind: "no_deal", level: null, days: 30, warnDays: 3 },
      { kind: "not_won", level: null, days: 90, warnDays: 5 },
    ],
    exemptWon: false,
    exemptOpenDeals: false,
  };
  test("no deal: 30 days from receipt; an open deal stops the clock, a deal closed on day 20 restarts it", () => {
    expect(assessCustomer(policy, facts(), day(30), TZ)).toMatchObject({ status: "due", rule: { kind: "no_deal" } });
    expect(assessCustomer(policy, facts({ hasOpenDeal: true }), day(30), TZ)).toMatchObject({ status: "ok", rule: { kind: "not_won", daysLeft: 60 } });
    expect(assessCustomer(policy, facts({ lastDealAt: day(20) }), day(47), TZ)).toMatchObject({ status: "warn", rule: { kind: "no_deal", daysLeft: 3 } });
  });
  test("not won: 90 days from receipt; a win after receipt satisfies it, a win before it does not", () => {
    const open = { hasOpenDeal: true };
    expect(assessCustomer(policy, facts(open), day(85), TZ)).toMatchObject({ status: "warn", daysLeft: 5 });
    expect(assessCustomer(policy, facts(open), day(90), TZ).status).toBe("due");
    expect(assessCustomer(policy, facts({ ...open, lastWonAt: day(10) }), day(200), TZ)).toMatchObject({ status: "ok", rule: null });
    expect(assessCustomer(policy, facts({ ...open, ownerSince: day(50), lastWonAt: day(10) }), day(140), TZ).status).toBe("due");
  });
  test("the binding rule is the one with the fewest days left", () => {
    const v = assessCustomer({ ...policy, rules: [...policy.rules, { kind: "no_follow_up", level: null, days: 7, warnDays: 2 }] }, facts(), day(6), TZ);
    expect(v).toMatchObject({ status: "warn", rule: { kind: "no_follow_up" }, daysLeft: 1 });
    expect(v.clocks.map((c) => c.daysLeft).sort((a, b) => a - b)).toEqual([1, 24, 84]);
  });
});

describe("rules per customer level", () => {
  const rules = [
    { kind: "no_follow_up" as const, level: null, days: 7, warnDays: 2 },
    { kind: "no_follow_up" as const, level: "priority:high", days: 15, warnDays: 3 },
    { kind: "no_follow_up" as const, level: "abc:A", days: 30, warnDays: 3 },
  ];
  test("a level rule replaces the default of its kind; the first matching level wins", () => {
    expect(applicableRules(rules, [])).toEqual([rules[0]]);
    expect(applicableRules(rules, ["priority:high"])).toEqual([rules[1]]);
    expect(applicableRules(rules, ["abc:A", "priority:high"])).toEqual([rules[1]]);
    expect(applicableRules(rules, ["abc:B"])).toEqual([rules[0]]);
  });
  test("a high-priority customer gets 15 days instead of 7", () => {
    const p = { rules, exemptWon: true, exemptOpenDeals: true };
    expect(assessCustomer(p, facts({ levels: ["priority:high"] }), day(7), TZ).status).toBe("ok");
    expect(assessCustomer(p, facts({ levels: ["priority:high"] }), day(12), TZ).status).toBe("warn");
    expect(assessCustomer(p, facts({ levels: ["priority:high"] }), day(15), TZ).status).toBe("due");
    expect(assessCustomer(p, facts({ levels: ["priority:low"] }), day(7), TZ).status).toBe("due");
  });
  test("rules with 0 days are switched off", () => {
    expect(applicableRules([{ kind: "not_won", level: null, days: 0, warnDays: 0 }], [])).toEqual([]);
    expect(assessCustomer({ rules: [], exemptWon: true, exemptOpenDeals: true }, facts(), day(400), TZ)).toMatchObject({ status: "ok", daysLeft: null });
  });
});

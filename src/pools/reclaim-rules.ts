/**
 * Pure reclaim rules of a customer pool (公海回收规则): for one owned customer, which rule runs, how many calendar
 * days (in the organisation's zone) have passed, whether the owner must be warned, and when it returns to the pool.
 */
import { DAY_MS, localDate } from "../core/dates";
import type { PoolRuleKind } from "../db/schema";

export interface ReclaimRule {
  kind: PoolRuleKind;
  /** null: every customer; otherwise a level such as "priority:high" or "abc:A" that overrides the default */
  level: string | null;
  days: number;
  warnDays: number;
}
export interface ReclaimPolicy {
  rules: ReclaimRule[];
  exemptWon: boolean;
  exemptOpenDeals: boolean;
}

/** What the rules look at, read from the customer's history (times are epoch ms). */
export interface CustomerFacts {
  /** when the current owner received the customer (claim, assignment, transfer, creation) */
  ownerSince: number;
  /** latest completed follow-up (activity) */
  lastFollowUpAt: number | null;
  /** latest moment the customer had an open opportunity: the newest opportunity's creation or closing */
  lastDealAt: number | null;
  hasOpenDeal: boolean;
  /** latest won opportunity */
  lastWonAt: number | null;
  locked: boolean;
  /** levels the customer has, e.g. ["priority:high", "abc:A"] */
  levels: string[];
}

export type RuleClock = {
  kind: PoolRuleKind;
  level: string | null;
  startedAt: number;
  elapsedDays: number;
  limitDays: number;
  daysLeft: number;
  dueDate: string;
  state: "ok" | "warn" | "due";
};
export type Verdict =
  | { status: "exempt"; exemptBy: "locked" | "won" | "open_deal"; daysLeft: null; dueDate: null; clocks: [] }
  | { status: "ok" | "warn" | "due"; rule: RuleClock | null; daysLeft: number | null; dueDate: string | null; clocks: RuleClock[] };

/** Calendar days between two instants as seen in `tz` (same day = 0). */
export function calendarDays(from: number, to: number, tz: string): number {
  const a = Date.parse(`${localDate(from, tz)}T00:00:00Z`);
  const b = Date.parse(`${localDate(to, tz)}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The rule of each kind that applies to the customer: a rule for one of its levels wins over the default. */
export function applicableRules(rules: ReclaimRule[], levels: string[]): ReclaimRule[] {
  const out: ReclaimRule[] = [];
  for (const kind of ["no_follow_up", "no_deal", "not_won"] as const) {
    const ofKind = rules.filter((r) => r.kind === kind && r.days > 0);
    const chosen = ofKind.find((r) => r.level != null && levels.includes(r.level)) ?? ofKind.find((r) => r.level == null);
    if (chosen) out.push(chosen);
  }
  return out;
}

/** When a rule's clock started, or null when the rule is satisfied (nothing counts down). */
function clockStart(rule: ReclaimRule, f: CustomerFacts): number | null {
  switch (rule.kind) {
    case "no_follow_up":
      return Math.max(f.ownerSince, f.lastFollowUpAt ?? Number.NEGATIVE_INFINITY);
    case "no_deal":
      return f.hasOpenDeal ? null : Math.max(f.ownerSince, f.lastDealAt ?? Number.NEGATIVE_INFINITY);
    case "not_won":
      return f.lastWonAt != null && f.lastWonAt >= f.ownerSince ? null : f.ownerSince;
  }
}

/** The verdict for one owned customer at `now`: exempt, ok, warn (within warnDays of a limit) or due. */
export function assessCustomer(policy: ReclaimPolicy, f: CustomerFacts, now: number, tz: string): Verdict {
  if (f.locked) return { status: "exempt", exemptBy: "locked", daysLeft: null, dueDate: null, clocks: [] };
  if (policy.exemptWon && f.lastWonAt != null) return { status: "exempt", exemptBy: "won", daysLeft: null, dueDate: null, clocks: [] };
  if (policy.exemptOpenDeals && f.hasOpenDeal) return { status: "exempt", exemptBy: "open_deal", daysLeft: null, dueDate: null, clocks: [] };
  const clocks: RuleClock[] = [];
  for (const rule of applicableRules(policy.rules, f.levels)) {
    const start = clockStart(rule, f);
    if (start == null) continue;
    const elapsed = calendarDays(start, now, tz);
    const left = rule.days - elapsed;
    const state = left <= 0 ? "due" : rule.warnDays > 0 && left <= rule.warnDays ? "warn" : "ok";
    clocks.push({
      kind: rule.kind,
      level: rule.level,
      startedAt: start,
      elapsedDays: elapsed,
      limitDays: rule.days,
      daysLeft: left,
      dueDate: addDays(localDate(start, tz), rule.days),
      state,
    });
  }
  if (!clocks.length) return { status: "ok", rule: null, daysLeft: null, dueDate: null, clocks };
  const binding = clocks.reduce((a, b) => (b.daysLeft < a.daysLeft ? b : a));
  return { status: binding.state, rule: binding, daysLeft: Math.max(0, binding.daysLeft), dueDate: binding.dueDate, clocks };
}

/**
 * Re-evaluates every customer's tiers (priority, pyramid, ABC, grade, RFM segment, KAISM quadrant) and records the
 * changes. A priority set by hand or by an import (priority_source 'manual' / 'import') is kept: it is the
 * customer's priority tier too. A changed priority re-dates the next revisit by its cadence.
 */
import { sql } from "kysely";
import { audit } from "../audit/log";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { applyCadence } from "./cadence-store";
import { changedAssignments } from "./priority";
import * as reports from "./reports";
import * as store from "./store";
import { resolveWindow } from "./window";

const SYSTEM: Viewer = { id: 0, role: "admin", teamId: null, name: "system", email: "system@jindou", locale: "zh-CN" };
const ALL = Number.MAX_SAFE_INTEGER;

/** Returns the number of changed assignments per scheme. */
export async function retier(db: Db, now: number, tz: string): Promise<Record<string, number>> {
  const settings = await reports.loadSettings(db);
  const w = resolveWindow({}, now, tz, settings.windowMonths);
  const input = { db, scope: { viewer: SYSTEM, filters: {} }, settings, w, limit: ALL };
  const [prio, pyr, par, grades, rfm, kai] = await Promise.all([
    reports.priorityReport(input, true),
    reports.pyramidReport(input),
    reports.paretoReport(input),
    reports.gradesReport(input),
    reports.rfmReport(input),
    reports.kaismReport(input),
  ]);
  const schemes: Record<string, { customerId: number; tier: string; score: number | null }[]> = {
    priority: (prio.all ?? []).map((p) => ({ customerId: p.customerId, tier: p.priority, score: p.score })),
    pyramid: pyr.places.map((p) => ({ customerId: p.customerId, tier: p.tier, score: p.profit })),
    abc: par.revenue.points.map((p) => ({ customerId: p.customerId, tier: p.abc, score: p.cumulativeShare })),
    grade: grades.customers.map((g) => ({ customerId: g.customerId, tier: g.grade, score: g.composite })),
    rfm: rfm.scores.filter((s) => s.segment).map((s) => ({ customerId: s.customerId, tier: s.segment!, score: s.r * 100 + s.f * 10 + s.m })),
    kaism: kai.places.map((p) => ({ customerId: p.customerId, tier: p.quadrant!, score: p.attractiveness })),
  };
  const locked = new Map((await store.lockedPriorities(db)).map((r) => [r.id, r.priority]));
  schemes.priority = schemes.priority.map((p) => (locked.has(p.customerId) ? { ...p, tier: locked.get(p.customerId)! } : p));
  const changed: Record<string, number> = {};
  const moved: number[] = [];
  await inTx(db, async (tx) => {
    for (const [scheme, rows] of Object.entries(schemes)) {
      const diff = changedAssignments(await store.latestTiers(tx, scheme), rows);
      await store.insertAssignments(tx, scheme, diff, now);
      changed[scheme] = diff.length;
      if (scheme !== "priority") continue;
      for (const d of diff) {
        if (locked.has(d.customerId)) continue;
        const r = await tx
          .updateTable("customers")
          .set({ priority: d.tier, priority_source: "auto", version: sql`version + 1`, updated_at: now })
          .where("id", "=", d.customerId)
          .where((eb) => eb.or([eb("priority", "is", null), eb("priority", "!=", d.tier)]))
          .where((eb) => eb.or([eb("priority_source", "is", null), eb("priority_source", "=", "auto")]))
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0) {
          await audit(tx, null, "customer", d.customerId, "retier", { priority: d.tier, score: d.score }, now);
          moved.push(d.customerId);
        }
      }
    }
    await applyCadence(tx, moved, now, tz, settings.priority.revisitDays);
  });
  return changed;
}

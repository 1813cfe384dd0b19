/**
 * The Friday view whose lists are ranked in SQL (biggest changes, commits at risk, moved in / out) answers as the view
 * that fetched every deal and ranked it in JavaScript did (kept in src/readmodels/oracle/friday-view.ts), on both
 * engines: demo data with close-date edits and hand-made moves of the week — a back move and an advance whose
 * weighted changes are x.5 fen either way (Math.round's halves), two deals with equal |Δ| (ties by id), a won deal and
 * a deal created in the week — for every scope, several weeks and periods, list lengths and quiet days. Computed in
 * the compute pool on the worker's own connection, the view is the same.
 */
import { beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { DAY_MS, periodOf, type Period } from "../core/dates";
import { forEachDatabase } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { loadViewer } from "../http/auth";
import { updateOpportunity } from "../opportunities/record-store";
import { opportunitiesChanged } from "../readmodels/maintain";
import * as oracle from "../readmodels/oracle/friday-view";
import { fridayViewOffLoop } from "../workers/friday-view";
import { fridayView } from "./reports";

const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-15T04:00:00Z");
const H = 3_600_000;

forEachDatabase("Friday view ranked in SQL answers as the JavaScript ranking did", (h) => {
  const viewers: Viewer[] = [];
  beforeAll(async () => {
    const db = h().db;
    await generateDemo(db, { scale: "tiny", seed: 5, now: NOW, tz: TZ });
    const users = await db.selectFrom("users").select(["id", "role"]).orderBy("id").execute();
    for (const role of ["admin", "manager", "rep"]) viewers.push((await loadViewer(db, users.find((u) => u.role === role)!.id)) as Viewer);
    const admin = viewers[0];
    // close-date edits over the last three weeks: into, out of and within Q2
    const open = await db.selectFrom("opportunities").select("id").where("status", "=", "open").orderBy("id").limit(40).execute();
    const dates = ["2026-04-02", "2026-06-30", "2026-07-01", "2026-03-31", null, "2026-05-15"];
    for (const [i, { id }] of open.entries()) {
      const cur = await db.selectFrom("opportunities").select("version").where("id", "=", id).executeTakeFirstOrThrow();
      await updateOpportunity(db, admin, id, cur.version, { expectedCloseDate: dates[i % dates.length] }, NOW - 20 * DAY_MS + i * 11 * H);
    }
    // hand-made moves this week on the first probability-style pipeline: amount 1,001 fen and Δ ±50 points → ±500.5 fen
    const p = await db.selectFrom("pipelines").select("id").where("kind", "=", "deal").orderBy("id").executeTakeFirstOrThrow();
    const stages = await db.selectFrom("stages").selectAll().where("pipeline_id", "=", p.id).orderBy("position").execute();
    const openStages = stages.filter((s) => s.kind === "open");
    await db.updateTable("stages").set({ probability: 10 }).where("id", "=", openStages[0].id).execute();
    await db.updateTable("stages").set({ probability: 60, stall_days: 3 }).where("id", "=", openStages[1].id).execute();
    const won = stages.find((s) => s.kind === "won")!;
    const cust = await db.selectFrom("customers").select("id").orderBy("id").executeTakeFirstOrThrow();
    const owner = viewers[2].id;
    type E = [from: number | null, to: number, kind: "create" | "advance" | "back" | "won", at: number];
    const t = NOW - 2 * DAY_MS;
    const [s0, s1] = [openStages[0].id, openStages[1].id];
    const deals: Array<{ amount: number; status: "open" | "won"; category: "commit" | "pipeline"; events: E[] }> = [
      {
        amount: 1001,
        status: "open",
        category: "commit",
        events: [
          [null, s0, "create", NOW - 40 * DAY_MS],
          [s0, s1, "advance", t],
        ],
      },
      {
        amount: 1001,
        status: "open",
        category: "pipeline",
        events: [
          [null, s1, "create", NOW - 40 * DAY_MS],
          [s1, s0, "back", t + H],
        ],
      },
      {
        amount: 1001,
        status: "open",
        category: "commit",
        events: [
          [null, s0, "create", NOW - 30 * DAY_MS],
          [s0, s1, "advance", t + 2 * H],
        ],
      },
      {
        amount: 5000,
        status: "won",
        category: "commit",
        events: [
          [null, s1, "create", NOW - 30 * DAY_MS],
          [s1, won.id, "won", t + 3 * H],
        ],
      },
      { amount: 7000, status: "open", category: "commit", events: [[null, s1, "create", t + 4 * H]] },
    ];
    const ids: number[] = [];
    for (const [i, x] of deals.entries()) {
      const last = x.events[x.events.length - 1];
      const { id } = await db
        .insertInto("opportunities")
        .values({
          external_id: `FRI-${i}`,
          pipeline_id: p.id,
          stage_id: last[1],
          customer_id: cust.id,
          owner_id: owner,
          title: `friday ${i}`,
          amount_fen: x.amount,
          units: 1,
          product: null,
          expected_close_date: "2026-06-20",
          source: "inbound",
          forecast_category: x.category,
          probability_override: null,
          status: x.status,
          lost_reason: null,
          closed_at: x.status === "open" ? null : last[3],
          stage_entered_at: last[3],
          created_at: x.events[0][3],
          updated_at: last[3],
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [from, to, kind, at] of x.events)
        await db
          .insertInto("stage_events")
          .values({ opportunity_id: id, from_stage_id: from, to_stage_id: to, kind, reason: null, override: 0, actor_id: owner, at })
          .execute();
      ids.push(id);
    }
    await opportunitiesChanged(db, ids);
  }, 180_000);

  const periods = (now: number): Period[] => [periodOf("quarter", now, TZ), periodOf("month", now, TZ), periodOf("quarter", now + 92 * DAY_MS, TZ)];

  test("every scope, week, period, list length and quiet days", async () => {
    const db = h().db;
    const seen = { changes: 0, atRisk: 0, movedIn: 0, movedOut: 0, slipped: 0 };
    let i = 0;
    for (const viewer of viewers)
      for (const now of [NOW, NOW - 7 * DAY_MS, NOW - 16 * DAY_MS])
        for (const period of periods(now)) {
          const opts = [{ changes: 1, quietDays: 3 }, { changes: 3 }, { changes: 100, quietDays: 60 }][i++ % 3];
          const got = await fridayView(db, viewer, period, now, TZ, opts);
          expect(got, `${viewer.role} ${period.key} ${now} ${JSON.stringify(opts)}`).toEqual(await oracle.fridayView(db, viewer, period, now, TZ, opts));
          seen.changes += got.biggestChanges.length;
          seen.atRisk += got.atRiskCommits.count;
          seen.movedIn += got.periodMoves.movedIn.count;
          seen.movedOut += got.periodMoves.movedOut.count;
          seen.slipped += got.periodMoves.slipped.count;
        }
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  });

  test("the x.5 fen changes round as Math.round does and equal |Δ| ties rank by id", async () => {
    const view = await fridayView(h().db, viewers[0], periodOf("quarter", NOW, TZ), NOW, TZ, { changes: 100 });
    const mine = view.biggestChanges.filter((c) => c.title.startsWith("friday "));
    // 1,001 × (60 − 10) / 100 = 500.5 → 501; 1,001 × (10 − 60) / 100 = −500.5 → −500; the won deal 5,000 × 40 %; the new one 7,000 × 60 %
    expect(mine.map((c) => [c.title, c.kind, c.deltaFen])).toEqual([
      ["friday 4", "new", 4200],
      ["friday 3", "won", 2000],
      ["friday 0", "advanced", 501],
      ["friday 2", "advanced", 501],
      ["friday 1", "moved_back", -500],
    ]);
  });

  test("computed in the compute pool on the worker's own connection, the view is the same", async () => {
    const db = h().db;
    const input = { viewer: viewers[2], period: periodOf("quarter", NOW, TZ), now: NOW, tz: TZ, opts: { changes: 10 }, workMem: "64MB" };
    expect(await fridayViewOffLoop(db, input)).toEqual(await oracle.fridayView(db, input.viewer, input.period, NOW, TZ, input.opts));
  }, 60_000);
});

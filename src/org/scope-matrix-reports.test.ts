/**
 * Route × scope matrix, second half: forecast, planning, people, audit, exports and every report endpoint, over the
 * tree of matrix-fixture.ts, on both engines.
 *
 * Leaks are found by non-interference: for each viewer, every endpoint is read, then the records of everyone
 * OUTSIDE the viewer's scope are stirred (a won deal, an open commit deal, orders, a contract with an overdue
 * instalment, an activity, a forecast submission, a personal target, a new weekly snapshot), and every endpoint must
 * answer exactly as before. So nothing outside the scope reaches any number, name or id. A control stirs records
 * INSIDE the admin's scope and requires every endpoint but a named few to change, so the stir reaches the reports.
 * Writes (targets, adjustments of submissions, people) land only where the scope allows; expected sets are the
 * hand-written SEES and COVERS below, never the access code's output.
 */
import { expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { activitiesChanged, contractsChanged, opportunitiesChanged, ordersChanged } from "../readmodels/maintain";
import { buildMatrix, type Matrix, OWNERS, SEES, VIEWER, type Who } from "./matrix-fixture";

const DAY = 86_400_000;
/** Each of these tests reads ~45 endpoints twice; on a loaded machine that is minutes, not a measure of anything. */
const SLOW = 600_000;
/** The departments whose aggregate lines and targets each viewer's scope covers, written out from the tree. */
const COVERS: Record<Who | "admin", Array<keyof Matrix["depts"]>> = {
  admin: ["hq", "east", "sh", "pd", "south"],
  mE: ["east", "sh", "pd"],
  mSH: ["sh"],
  mS: ["south"],
  lead: [],
  r1: [],
  r2: [],
  rE: [],
  rP: [],
  rS: [],
};

forEachApp("route × scope matrix: forecast, planning, people and reports", (t) => {
  let m: Matrix;
  let wonStage = 0;
  let stir = 0;
  const endpoints = () => {
    const P = m.pipeline;
    return [
      `/api/v1/reports/funnel?pipeline=${P}`,
      `/api/v1/reports/funnel?pipeline=${P}&drill=stage:${m.firstStage}`,
      `/api/v1/reports/conversion?pipeline=${P}&from=2026-01-01&to=2026-06-30`,
      `/api/v1/reports/cycle-time?pipeline=${P}&from=2026-01-01&to=2026-06-30`,
      `/api/v1/reports/stalled?pipeline=${P}`,
      `/api/v1/reports/velocity?pipeline=${P}&from=2026-01-01&to=2026-06-30`,
      `/api/v1/reports/sources?pipeline=${P}&from=2026-01-01&to=2026-06-30`,
      `/api/v1/reports/funnel-health?pipeline=${P}&from=2026-04-01&to=2026-06-30`,
      "/api/v1/reports/pareto",
      "/api/v1/reports/pyramid",
      "/api/v1/reports/grades",
      "/api/v1/reports/rfm",
      "/api/v1/reports/kaism",
      "/api/v1/reports/key-accounts",
      "/api/v1/reports/priority",
      "/api/v1/reports/retention",
      "/api/v1/reports/clv",
      "/api/v1/reports/receivables",
      "/api/v1/reports/receivables?by=owner",
      "/api/v1/reports/receivables?limit=1",
      "/api/v1/reports/commission?period=2026-Q2",
      "/api/v1/reports/signed-customers",
      "/api/v1/forecast",
      "/api/v1/forecast?kind=month",
      "/api/v1/forecast/snapshots",
      "/api/v1/forecast/submissions",
      "/api/v1/reports/forecast/accuracy",
      "/api/v1/reports/forecast/friday",
      "/api/v1/forecast/predictions",
      "/api/v1/planning/targets",
      "/api/v1/planning/targets/attainment?period=2026-Q2",
      "/api/v1/planning/targets/proposal?period=2026-Q3&scope=company",
      `/api/v1/planning/balance?pipeline=${P}&target=3000000&averageContract=30000&probability=0.1`,
      "/api/v1/users",
      "/api/v1/departments/members",
      "/api/v1/audit-log?limit=500",
      "/api/v1/customers?limit=5000",
      "/api/v1/customers?limit=5000&q=矩阵",
      `/api/v1/opportunities?limit=5000&pipeline=${P}`,
      `/api/v1/board?pipeline=${P}`,
      "/api/v1/contracts",
      "/api/v1/activities",
      "/api/v1/followups",
      "/api/v1/export/opportunities?format=csv",
      "/api/v1/export/customers?format=csv",
      "/api/v1/export/activities?format=csv",
      "/api/v1/export/targets?format=csv",
    ];
  };
  const readAll = async (v: Who | "admin") => {
    const out: Record<string, { status: number; text: string }> = {};
    for (const url of endpoints()) {
      const r = await m.call(v, "GET", url);
      expect([url, r.status < 500]).toEqual([url, true]);
      // a weekly snapshot is re-taken by replacing its rows: their ids are new, their content is what counts
      out[url] = {
        status: r.status,
        text: url.startsWith("/api/v1/forecast/snapshots")
          ? JSON.stringify({ ...r.body, items: r.body.items.map(({ id: _id, ...x }: { id: number }) => x) })
          : r.text,
      };
    }
    return out;
  };

  /** New records of these owners touching every report: deals won and open, orders, a contract with an overdue instalment, an activity, a submission, a target; then a new snapshot. */
  const stirRecords = async (owners: Who[]) => {
    const { db } = t();
    const now = TEST_NOW;
    for (const who of owners) {
      const k = ++stir;
      const owner = m.people[who].id,
        customer = m.cust[who];
      const base = { pipeline_id: m.pipeline, customer_id: customer, owner_id: owner, units: 1, created_at: now - 120 * DAY, updated_at: now } as const;
      const won = (
        await db
          .insertInto("opportunities")
          .values({
            ...base,
            stage_id: wonStage,
            title: `搅动赢单-${k}`,
            amount_fen: 700_000 + k,
            status: "won",
            closed_at: now - 80 * DAY,
            expected_close_date: "2026-03-27",
            stage_entered_at: now - 80 * DAY,
            source: "cold_visit",
          } as never)
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      const open = (
        await db
          .insertInto("opportunities")
          .values({
            ...base,
            stage_id: m.firstStage,
            title: `搅动商机-${k}`,
            amount_fen: 300_000 + k,
            status: "open",
            forecast_category: "commit",
            expected_close_date: "2026-06-25",
            stage_entered_at: now - 100 * DAY,
            source: "inbound",
          } as never)
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      await db
        .insertInto("stage_events")
        .values([
          {
            opportunity_id: won,
            from_stage_id: null,
            to_stage_id: m.firstStage,
            kind: "create",
            reason: null,
            override: 0,
            actor_id: owner,
            at: now - 120 * DAY,
          },
          {
            opportunity_id: won,
            from_stage_id: m.firstStage,
            to_stage_id: wonStage,
            kind: "won",
            reason: null,
            override: 1,
            actor_id: owner,
            at: now - 80 * DAY,
          },
          {
            opportunity_id: open,
            from_stage_id: null,
            to_stage_id: m.firstStage,
            kind: "create",
            reason: null,
            override: 0,
            actor_id: owner,
            at: now - 100 * DAY,
          },
        ])
        .execute();
      await db
        .insertInto("orders")
        .values([
          {
            external_id: null,
            customer_id: customer,
            opportunity_id: won,
            ordered_at: now - 10 * DAY,
            amount_fen: 500_000 + k,
            cost_fen: 100_000,
            units: 2,
            product: "搅动",
            created_at: now,
          },
          {
            external_id: null,
            customer_id: customer,
            opportunity_id: null,
            ordered_at: now - (200 + 31 * k) * DAY,
            amount_fen: 90_000 + k,
            cost_fen: 10_000,
            units: 1,
            product: "搅动",
            created_at: now,
          },
        ])
        .execute();
      const contract = (
        await db
          .insertInto("contracts")
          .values({
            opportunity_id: won,
            customer_id: customer,
            number: `HT-搅动-${t().kind}-${k}`,
            signed_at: now - 3 * DAY,
            amount_fen: 700_000 + k,
            created_by: owner,
            created_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      await db
        .insertInto("payment_schedule")
        .values([
          { contract_id: contract, seq: 1, due_date: "2026-06-13", amount_fen: 200_000 },
          { contract_id: contract, seq: 2, due_date: "2026-06-14", amount_fen: 500_000 + k },
        ])
        .execute();
      await db
        .insertInto("payments")
        .values({ contract_id: contract, received_at: now - 2 * DAY, amount_fen: 200_000, note: null, created_by: owner })
        .execute();
      await db
        .insertInto("activities")
        .values({
          external_id: null,
          kind: "visit",
          customer_id: customer,
          contact_id: null,
          opportunity_id: open,
          owner_id: owner,
          subject: `搅动拜访-${k}`,
          met_person: null,
          met_title: null,
          planned_at: now + DAY,
          done_at: null,
          outcome: null,
          next_follow_up_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db.deleteFrom("forecast_submissions").where("user_id", "=", owner).execute();
      await db
        .insertInto("forecast_submissions")
        .values({
          user_id: owner,
          period: "2026-Q2",
          week: "2026-W25",
          commit_fen: 100_000 + k,
          best_case_fen: 200_000 + k,
          note: null,
          submitted_at: now,
          adjusted_by: null,
          adjusted_commit_fen: null,
          adjusted_best_case_fen: null,
          adjust_note: null,
        })
        .execute();
      await db.deleteFrom("targets").where("scope", "=", "user").where("scope_id", "=", owner).where("period", "=", "2026-Q2").execute();
      await db
        .insertInto("targets")
        .values({ scope: "user", scope_id: owner, period: "2026-Q2", amount_fen: 1_000 + k, units: null, updated_at: now })
        .execute();
      await db
        .insertInto("forecast_snapshots")
        .values({
          period: "2026-Q1",
          week: "2026-W10",
          scope: "user",
          scope_id: owner,
          taken_at: now - 100 * DAY - k,
          commit_fen: k,
          best_case_fen: 0,
          pipeline_fen: 0,
          omitted_fen: 0,
          weighted_fen: 10_000 + k,
          won_fen: 0,
        })
        .execute();
      await db
        .updateTable("customers")
        .set({ notes: `搅动-${k}` })
        .where("id", "=", customer)
        .execute();
      await db
        .insertInto("audit_log")
        .values({ actor_id: owner, entity: "customer", entity_id: customer, action: "update", diff: `{"stir":${k}}`, at: now })
        .execute();
      await opportunitiesChanged(db, [won, open]);
      await activitiesChanged(db, [open], [customer]);
      await ordersChanged(db, [customer]);
      await contractsChanged(db, [contract], "Asia/Shanghai"); // the test app's TZ_ORG (src/http/testing.ts)
    }
    expect((await m.call("admin", "POST", "/api/v1/forecast/snapshots")).status).toBe(201);
  };

  test(
    "set up the tree, the people, one deal each, a first snapshot, a submission and a target per person",
    async () => {
      m = await buildMatrix(t());
      const { db } = t();
      wonStage = (await db.selectFrom("stages").select("id").where("pipeline_id", "=", m.pipeline).where("kind", "=", "won").executeTakeFirstOrThrow()).id;
      await opportunitiesChanged(db, Object.values(m.opps));
      await stirRecords(OWNERS);
      expect(stir).toBe(OWNERS.length);
    },
    SLOW,
  );

  test(
    "control: stirring records inside the admin's scope changes every endpoint but the few that do not read them",
    async () => {
      const before = await readAll("admin");
      await stirRecords(["r1", "rS"]);
      const after = await readAll("admin");
      const unchanged = endpoints().filter((u) => before[u].text === after[u].text);
      // people and members read no stirred record, and there are no predictions until a win model is trained
      expect(unchanged.map((u) => u.split("?")[0]).sort()).toEqual(["/api/v1/departments/members", "/api/v1/forecast/predictions", "/api/v1/users"]);
    },
    SLOW,
  );

  for (const [label, sees] of Object.entries(SEES)) {
    const outside = OWNERS.filter((w) => !sees.includes(w));
    test(
      `${label}: no endpoint changes when the records of everyone outside the scope change (0 leaks)`,
      async () => {
        const v = VIEWER[label];
        const before = await readAll(v);
        await stirRecords(outside);
        const after = await readAll(v);
        const leaked = endpoints().filter((u) => before[u].text !== after[u].text || before[u].status !== after[u].status);
        expect(leaked).toEqual([]);
      },
      SLOW,
    );

    test(
      `${label}: people, forecast lines, snapshots and targets show exactly the scope`,
      async () => {
        const v = VIEWER[label];
        const ids = (xs: number[]) => OWNERS.filter((w) => xs.includes(m.people[w].id));
        const users = await m.call(v, "GET", "/api/v1/users");
        expect(ids(users.body.items.map((u: { id: number }) => u.id))).toEqual(sees);
        const fc = await m.call(v, "GET", "/api/v1/forecast");
        expect(ids(fc.body.reps.map((l: { scopeId: number }) => l.scopeId))).toEqual(sees);
        const snaps = (await m.call(v, "GET", "/api/v1/forecast/snapshots")).body.items as Array<{ scope: string; scope_id: number | null }>;
        expect(ids(snaps.filter((s) => s.scope === "user").map((s) => Number(s.scope_id)))).toEqual(sees);
        const deptIds = COVERS[v].map((d) => m.depts[d]).sort((a, b) => a - b);
        const matrixDepts = Object.values(m.depts);
        const lines = snaps.filter((s) => s.scope === "team" && matrixDepts.includes(Number(s.scope_id))).map((s) => Number(s.scope_id));
        // every department with people has a line (总部 has none); a scope shows the lines of the departments it covers
        expect([...new Set(lines)].sort((a, b) => a - b)).toEqual(deptIds.filter((d) => d !== m.depts.hq));
        expect(snaps.some((s) => s.scope === "company")).toBe(v === "admin");
        const targets = (await m.call(v, "GET", "/api/v1/planning/targets")).body.items as Array<{ scope: string; scopeId: number }>;
        expect([...new Set(ids(targets.filter((x) => x.scope === "user").map((x) => x.scopeId)))]).toEqual(sees);
        const subs = (await m.call(v, "GET", "/api/v1/forecast/submissions")).body.items as Array<{ userId: number }>;
        expect(ids(subs.map((s) => s.userId))).toEqual(sees);
      },
      SLOW,
    );

    test(
      `${label}: targets and adjustments are written only inside the scope; people only by an admin (0 improper writes)`,
      async () => {
        const v = VIEWER[label];
        const { db } = t();
        const period = `2027-${String(Object.keys(SEES).indexOf(label) + 1).padStart(2, "0")}`;
        const manager = v === "admin" || v.startsWith("m");
        for (const who of OWNERS) {
          const r = await m.call(v, "POST", "/api/v1/planning/targets", { scope: "user", scopeId: m.people[who].id, period, amount_fen: 5 });
          expect([who, r.status]).toEqual([who, manager && sees.includes(who) ? 201 : 403]);
        }
        for (const d of Object.keys(m.depts) as Array<keyof Matrix["depts"]>) {
          const r = await m.call(v, "POST", "/api/v1/planning/targets", { scope: "team", scopeId: m.depts[d], period, amount_fen: 5 });
          expect([d, r.status]).toEqual([d, manager && COVERS[v].includes(d) ? 201 : 403]);
        }
        expect((await m.call(v, "POST", "/api/v1/planning/targets", { scope: "company", scopeId: null, period, amount_fen: 5 })).status).toBe(
          v === "admin" ? 201 : 403,
        );
        const written = await db.selectFrom("targets").select(["scope", "scope_id"]).where("period", "=", period).execute();
        expect(OWNERS.filter((w) => written.some((x) => x.scope === "user" && Number(x.scope_id) === m.people[w].id))).toEqual(manager ? sees : []);
        // someone else's personal target outside the scope: invisible (404), unchanged
        for (const who of OWNERS.filter((w) => !sees.includes(w))) {
          const row = await db
            .selectFrom("targets")
            .select(["id", "version", "amount_fen"])
            .where("scope", "=", "user")
            .where("scope_id", "=", m.people[who].id)
            .orderBy("id")
            .limit(1)
            .executeTakeFirstOrThrow();
          expect([who, (await m.call(v, "PATCH", `/api/v1/planning/targets/${row.id}`, { amount_fen: 1, version: row.version })).status]).toEqual([who, 404]);
          expect([who, (await m.call(v, "DELETE", `/api/v1/planning/targets/${row.id}?version=${row.version}`)).status]).toEqual([who, 404]);
          expect((await db.selectFrom("targets").select("amount_fen").where("id", "=", row.id).executeTakeFirstOrThrow()).amount_fen).toBe(row.amount_fen);
        }
        for (const who of OWNERS) {
          const s = await db
            .selectFrom("forecast_submissions")
            .select(["id", "adjusted_commit_fen"])
            .where("user_id", "=", m.people[who].id)
            .executeTakeFirstOrThrow();
          const r = await m.call(v, "POST", `/api/v1/forecast/submissions/${s.id}/adjust`, { commitFen: 1, bestCaseFen: 2, note: `by ${label}` });
          const expected = !manager ? 403 : !sees.includes(who) ? 404 : who === v ? 403 : 200;
          expect([who, r.status]).toEqual([who, expected]);
          const after = await db.selectFrom("forecast_submissions").select("adjust_note").where("id", "=", s.id).executeTakeFirstOrThrow();
          if (expected !== 200) expect([who, after.adjust_note]).not.toEqual([who, `by ${label}`]);
        }
        if (v !== "admin") {
          expect((await m.call(v, "PATCH", `/api/v1/users/${m.people.rS.id}`, { name: "改名" })).status).toBe(403);
          expect((await db.selectFrom("users").select("name").where("id", "=", m.people.rS.id).executeTakeFirstOrThrow()).name).toBe("rS");
        }
      },
      SLOW,
    );
  }

  test(
    "anonymous: forecast, planning, people and report endpoints answer 401 and nothing changes",
    async () => {
      for (const url of endpoints()) expect([url, (await m.call(null, "GET", url)).status]).toEqual([url, 401]);
      const targets = Number(
        (
          await t()
            .db.selectFrom("targets")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect((await m.call(null, "POST", "/api/v1/planning/targets", { scope: "company", scopeId: null, period: "2028-01", amount_fen: 5 })).status).toBe(401);
      expect((await m.call(null, "POST", "/api/v1/forecast/snapshots")).status).toBe(401);
      expect(
        Number(
          (
            await t()
              .db.selectFrom("targets")
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(targets);
    },
    SLOW,
  );
});

/**
 * Model-based test over the real API on both engines: after random sequences of creates, moves (forward, back,
 * stay, won with a contract, lost, reopen — at the same instant or hours apart), edits (amount, source, owner,
 * probability, close date), activities and their edits, order and opportunity imports (re-dating deals too), team
 * changes, transfers (bulk opportunity transfer, customers handed over with their deals), a stage's probability and
 * customer merges, every read model equals its rebuild from the source.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import type { DbOrTx } from "../db/tx";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { importCsv } from "../import/fixtures";
import { installDefaults } from "../pipelines/install";
import { MODELS, modelRows, rebuild } from "./rebuild";

const REPS: Person[] = ["rep", "rep2", "otherRep"];

/** Every model's rows, then the same after a rebuild in a transaction that is rolled back. */
async function compareWithRebuild(t: TestApp) {
  for (const m of MODELS) {
    const kept = await modelRows(t.db, m);
    let rebuilt: Record<string, unknown>[] = [];
    await t.db
      .transaction()
      .execute(async (tx) => {
        await rebuild(tx, m, { tz: "Asia/Shanghai", now: t.clock.now });
        rebuilt = await modelRows(tx, m);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect({ model: m, rows: kept }).toEqual({ model: m, rows: rebuilt });
  }
}
class Rollback extends Error {}

interface World {
  customers: Map<Person, { id: number; ext: string }>;
  opps: Array<{ id: number; owner: Person }>;
  pipelineId: number;
  stages: number[];
  contract: number;
}

type Cmd =
  | { k: "create"; who: number; amount: number }
  | { k: "move"; opp: number; action: "advance" | "back" | "stay" | "won" | "lost" | "reopen"; to: number }
  | { k: "edit"; opp: number; amount: number; source: string; owner: number; close: string | null | undefined }
  | { k: "activity"; opp: number; daysAgo: number; done: boolean }
  | { k: "orders"; who: number; day: number; minute: number; n: number }
  | { k: "importOpp"; who: number; stage: number; close: string | null }
  | { k: "team"; who: number; team: number }
  | { k: "probability"; stage: number; pct: number }
  | { k: "activityDone"; nth: number; daysAgo: number }
  | { k: "merge"; who: number; opps: number; done: boolean }
  | { k: "transferOpp"; opp: number; to: number }
  | { k: "swapCustomers"; a: number; b: number }
  | { k: "tick"; hours: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ k: fc.constant("create" as const), who: fc.nat(2), amount: fc.integer({ min: 1, max: 9_000_000 }) }),
  fc.record({ k: fc.constant("move" as const), opp: fc.nat(30), action: fc.constantFrom("advance", "back", "stay", "won", "lost", "reopen"), to: fc.nat(4) }),
  fc.record({ k: fc.constant("move" as const), opp: fc.nat(30), action: fc.constant("advance" as const), to: fc.constant(-1) }),
  // closing and reopening again, more often than one in six moves (the reach model keeps each opportunity's status)
  fc.record({ k: fc.constant("move" as const), opp: fc.nat(30), action: fc.constantFrom("lost" as const, "reopen" as const), to: fc.constant(0) }),
  fc.record({
    k: fc.constant("edit" as const),
    opp: fc.nat(30),
    amount: fc.integer({ min: 1, max: 9_000_000 }),
    source: fc.constantFrom("inbound", "follow_up"),
    owner: fc.nat(2),
    close: fc.constantFrom(undefined, null, "2026-06-20", "2026-07-05", "2026-09-30"),
  }),
  fc.record({ k: fc.constant("activity" as const), opp: fc.nat(30), daysAgo: fc.nat(40), done: fc.boolean() }),
  fc.record({
    k: fc.constant("orders" as const),
    who: fc.nat(2),
    day: fc.nat(3),
    minute: fc.integer({ min: 0, max: 1439 }),
    n: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ k: fc.constant("importOpp" as const), who: fc.nat(2), stage: fc.nat(3), close: fc.constantFrom(null, "2026-06-01", "2026-08-15") }),
  fc.record({ k: fc.constant("team" as const), who: fc.nat(2), team: fc.nat(1) }),
  fc.record({ k: fc.constant("tick" as const), hours: fc.integer({ min: 0, max: 72 }) }),
  fc.record({ k: fc.constant("probability" as const), stage: fc.nat(4), pct: fc.integer({ min: 1, max: 99 }) }),
  fc.record({ k: fc.constant("activityDone" as const), nth: fc.nat(20), daysAgo: fc.nat(70) }),
  fc.record({ k: fc.constant("merge" as const), who: fc.nat(2), opps: fc.nat(2), done: fc.boolean() }),
  fc.record({ k: fc.constant("transferOpp" as const), opp: fc.nat(30), to: fc.nat(2) }),
  fc.record({ k: fc.constant("swapCustomers" as const), a: fc.nat(2), b: fc.nat(2) }),
);

/** Local dates around the Asia/Shanghai month boundary of 2026-03/04 (16:00 UTC on 03-31 is already April there). */
const ORDER_DAYS = ["2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02"];
let orderSeq = 0;
let importSeq = 0;
let mergeSeq = 0;

async function run(t: TestApp, w: World, c: Cmd): Promise<void> {
  const pick = (i: number) => w.opps[i % Math.max(1, w.opps.length)];
  switch (c.k) {
    case "tick":
      t.clock.now += c.hours * 3_600_000;
      return;
    case "create": {
      const who = REPS[c.who];
      const r = await t.call(who, "POST", "/api/v1/opportunities", {
        customerId: w.customers.get(who)!.id,
        pipelineId: w.pipelineId,
        title: `机会 ${w.opps.length}`,
        amountFen: c.amount,
        source: "inbound",
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      w.opps.push({ id: r.body.id, owner: who });
      return;
    }
    case "move": {
      const o = pick(c.opp);
      if (!o) return;
      const cur = (await t.call("admin", "GET", `/api/v1/opportunities/${o.id}`)).body;
      const body: Record<string, unknown> = { version: cur.version, action: c.action, reason: "测试", override: true };
      if (c.action === "back" || (c.action === "advance" && c.to >= 0)) body.toStageId = w.stages[c.to % w.stages.length];
      if (c.action === "lost") body.lostReason = "price";
      if (c.action === "won")
        body.contract = {
          number: `HT-${++w.contract}`,
          signedAt: "2026-06-10",
          amountFen: 100_000,
          firstPaymentFen: 50_000,
          receivedAt: "2026-06-11",
          balanceDueDate: "2026-07-10",
        };
      const r = await t.call("admin", "POST", `/api/v1/opportunities/${o.id}/transition`, body);
      expect(r.status).toBeLessThan(500);
      return;
    }
    case "edit": {
      const o = pick(c.opp);
      if (!o) return;
      const cur = (await t.call("admin", "GET", `/api/v1/opportunities/${o.id}`)).body;
      const owner = REPS[c.owner];
      const r = await t.call("admin", "PATCH", `/api/v1/opportunities/${o.id}`, {
        version: cur.version,
        amountFen: c.amount,
        source: c.source,
        ownerId: t.ids[owner],
        probabilityOverride: c.amount % 3 === 0 ? null : c.amount % 100,
        forecastCategory: (["commit", "best_case", "pipeline", "omitted"] as const)[c.amount % 4],
        ...(c.close !== undefined ? { expectedCloseDate: c.close } : {}),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      o.owner = owner;
      return;
    }
    case "activity": {
      const o = pick(c.opp);
      if (!o) return;
      const cur = (await t.call("admin", "GET", `/api/v1/opportunities/${o.id}`)).body;
      const at = new Date(t.clock.now - c.daysAgo * 86_400_000).toISOString();
      const r = await t.call("admin", "POST", "/api/v1/activities", {
        kind: "visit",
        customerId: cur.customerId,
        opportunityId: o.id,
        subject: "拜访",
        ...(c.done ? { doneAt: at } : { plannedAt: at }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return;
    }
    case "orders": {
      const cust = w.customers.get(REPS[c.who])!;
      const hh = String(Math.floor(c.minute / 60)).padStart(2, "0"),
        mm = String(c.minute % 60).padStart(2, "0");
      const lines = ["external_id,customer_external_id,ordered_at,amount,cost,units"];
      for (let i = 0; i < c.n; i++) lines.push(`ORD-${++orderSeq},${cust.ext},${ORDER_DAYS[c.day]}T${hh}:${mm},${100 + i},${60 + i},1`);
      // Re-import an earlier order with a new date and amount now and then: an update moves it between months.
      if (orderSeq > 3 && c.minute % 2 === 0) lines.push(`ORD-${orderSeq - 3},${cust.ext},${ORDER_DAYS[(c.day + 1) % 4]}T08:00,777,1,1`);
      const r = await importCsv(t.db, "orders", lines.join("\n"), t.ids.admin, { now: t.clock.now });
      expect(r.errors).toEqual([]);
      return;
    }
    case "importOpp": {
      const who = REPS[c.who];
      const stage = ["lead", "qualified", "报价", "won"][c.stage];
      const status = stage === "won" ? "won" : "open";
      const ext = `IMP-${importSeq++ % 3}`; // the same three external ids: inserts, then stage changes by re-import
      const csv = [
        "external_id,title,customer_external_id,owner_email,pipeline,stage,amount,created_at,status,closed_at,expected_close_date",
        `${ext},导入商机,${w.customers.get(who)!.ext},${who === "otherRep" ? "otherrep" : who}@test.jindou,crm5,${stage},5万,2026-05-01,${status},${status === "won" ? "2026-06-01" : ""},${c.close ?? ""}`,
      ].join("\n");
      const r = await importCsv(t.db, "opportunities", csv, t.ids.admin, { now: t.clock.now });
      // An import may be refused (e.g. an owner change the file may not make); it then writes nothing.
      if (!r.errors.length) {
        const row = await t.db.selectFrom("opportunities").select("id").where("external_id", "=", ext).executeTakeFirstOrThrow();
        if (!w.opps.some((o) => o.id === row.id)) w.opps.push({ id: row.id, owner: who });
      }
      return;
    }
    case "probability": {
      const r = await t.call("admin", "PATCH", `/api/v1/stages/${w.stages[c.stage % w.stages.length]}`, { probability: c.pct });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return;
    }
    case "activityDone": {
      // an activity planned before is done now (or re-dated), across month boundaries
      const acts = await t.db.selectFrom("activities").select(["id", "version"]).orderBy("id").execute();
      const a = acts[c.nth % Math.max(1, acts.length)];
      if (!a) return;
      const at = new Date(t.clock.now - c.daysAgo * 86_400_000).toISOString();
      const r = await t.call("admin", "PATCH", `/api/v1/activities/${a.id}`, { version: a.version, doneAt: at });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return;
    }
    case "merge": {
      // a duplicate customer with its own deals and activities is merged into a rep's customer: they move with it
      const who = REPS[c.who];
      const dup = await t.call(who, "POST", "/api/v1/customers", { name: `重复客户 ${++mergeSeq}`, externalId: `DUP-${mergeSeq}` });
      expect(dup.status, JSON.stringify(dup.body)).toBe(201);
      const dupId = dup.body.customer.id;
      for (let i = 0; i < c.opps; i++) {
        const r = await t.call(who, "POST", "/api/v1/opportunities", {
          customerId: dupId,
          pipelineId: w.pipelineId,
          title: `重复机会 ${i}`,
          amountFen: 1000 * (i + 1),
          source: "inbound",
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        w.opps.push({ id: r.body.id, owner: who });
      }
      const at = new Date(t.clock.now - 3 * 86_400_000).toISOString();
      const act = await t.call(who, "POST", "/api/v1/activities", {
        kind: "visit",
        customerId: dupId,
        subject: "拜访",
        ...(c.done ? { doneAt: at } : { plannedAt: at }),
      });
      expect(act.status, JSON.stringify(act.body)).toBe(201);
      const into = w.customers.get(who)!.id;
      const versions = await t.db.selectFrom("customers").select(["id", "version"]).where("id", "in", [dupId, into]).execute();
      const v = (id: number) => versions.find((x) => Number(x.id) === id)!.version;
      const r = await t.call("admin", "POST", `/api/v1/customers/${dupId}/merge`, { intoId: into, version: v(dupId), intoVersion: v(into) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return;
    }
    case "transferOpp": {
      const o = pick(c.opp);
      if (!o) return;
      const r = await t.call("admin", "POST", "/api/v1/opportunities/transfer", { ids: [o.id], toUserId: t.ids[REPS[c.to]] });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      o.owner = REPS[c.to];
      return;
    }
    case "swapCustomers": {
      // two reps hand each other their customer with its open deals, so each still owns one customer
      const [a, b] = [REPS[c.a], REPS[c.b]];
      if (a === b) return;
      const [ca, cb] = [w.customers.get(a)!, w.customers.get(b)!];
      for (const [cust, to] of [
        [ca, b],
        [cb, a],
      ] as const) {
        const r = await t.call("admin", "POST", "/api/v1/customers/transfer", { ids: [cust.id], toUserId: t.ids[to] });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
      w.customers.set(a, cb);
      w.customers.set(b, ca);
      return;
    }
    case "team": {
      const who = REPS[c.who];
      const r = await t.call("admin", "PATCH", `/api/v1/users/${t.ids[who]}`, { teamId: c.team ? t.ids.teamB : t.ids.teamA });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return;
    }
  }
}

forEachApp("read models equal their rebuild after any sequence of writes", (t) => {
  const w: World = { customers: new Map(), opps: [], pipelineId: 0, stages: [], contract: 0 };
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
    const pipelines = (await t().call("admin", "GET", "/api/v1/pipelines")).body.items;
    const crm5 = pipelines.find((p: { key: string }) => p.key === "crm5");
    w.pipelineId = crm5.id;
    w.stages = crm5.stages.filter((s: { kind: string }) => s.kind === "open").map((s: { id: number }) => s.id);
    for (const who of REPS) {
      const ext = `CUST-${who}`;
      const r = await t().call(who, "POST", "/api/v1/customers", { name: `${who} 的客户`, externalId: ext });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      w.customers.set(who, { id: r.body.customer.id, ext });
    }
  });

  test("after every random sequence, each model equals its rebuild", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 5, maxLength: 25 }), async (cmds) => {
        for (const c of cmds) await run(t(), w, c);
        await compareWithRebuild(t());
      }),
      { numRuns: 10, seed: 10 },
    );
    // The sequences did reach every model.
    const counts = await sql<{
      v: number;
      m: number;
      f: number;
      r: number;
      c: number;
      cd: number;
      ci: number;
      w: number;
      o: number;
      a: number;
      merged: number;
    }>`select
      (select count(*) from stage_visits) as v, (select count(*) from customer_months) as m,
      (select count(*) from opportunity_facts where last_activity_at is not null) as f,
      (select count(*) from opportunity_reach where stages like '%,%,%,%') as r, (select count(*) from opportunity_reach where status <> 'open') as c,
      (select count(*) from close_date_changes) as cd,
      (select count(*) from close_date_changes x join audit_log a on a.id = x.audit_id where a.action = 'import_update') as ci,
      (select count(*) from stage_events where kind in ('won', 'lost', 'reopen')) as w, (select count(*) from customer_deal_facts where open_count > 0) as o,
      (select count(*) from customer_activity_months) as a, (select count(*) from audit_log where action = 'merge') as merged`.execute(t().db);
    expect(Number(counts.rows[0].v)).toBeGreaterThan(10);
    expect(Number(counts.rows[0].m)).toBeGreaterThan(1);
    expect(Number(counts.rows[0].f)).toBeGreaterThan(0);
    expect(Number(counts.rows[0].r)).toBeGreaterThan(0); // opportunities that entered two stages or more
    expect(Number(counts.rows[0].c)).toBeGreaterThan(0); // and closed ones
    expect(Number(counts.rows[0].w)).toBeGreaterThan(0);
    expect(Number(counts.rows[0].o)).toBeGreaterThan(0);
    expect(Number(counts.rows[0].a)).toBeGreaterThan(0);
    expect(Number(counts.rows[0].merged)).toBeGreaterThan(0);
    expect(Number(counts.rows[0].cd)).toBeGreaterThan(5); // close-date changes
    expect(Number(counts.rows[0].ci)).toBeGreaterThan(0); // of them by a re-dating import
  }, 300_000);

  test("the day roll-up's all-owners sums: live writes under delta shards −2 … −17, the rebuild one row (−1); both equal the owners' sums", async () => {
    // per (pipeline, stage, month, days): visits over every owner's rows, over the all-owners rows, and which all-owners ids hold them
    const cells = async (db: DbOrTx) =>
      (
        await sql<{ k: string; owners: number; all: number; ids: string }>`select pipeline_id || ':' || stage_id || ':' || month || ':' || days as k,
          sum(case when owner_id >= 0 then n else 0 end) as owners, sum(case when owner_id < 0 then n else 0 end) as "all",
          coalesce(min(case when owner_id < 0 and n <> 0 then owner_id end), 0) || ',' || coalesce(max(case when owner_id < 0 and n <> 0 then owner_id end), 0) as ids
          from stage_visit_days group by pipeline_id, stage_id, month, days order by 1`.execute(db)
      ).rows.map((r) => ({ k: r.k, owners: Number(r.owners), all: Number(r.all), ids: String(r.ids).split(",").map(Number) }));
    const live = await cells(t().db);
    expect(live.length).toBeGreaterThan(3);
    for (const c of live) expect(c.all, c.k).toBe(c.owners);
    // the random sequences above moved deals after the model was built: their deltas sit in shard rows, none below −17
    expect(live.some((c) => c.ids[0] <= -2)).toBe(true);
    expect(Math.min(...live.map((c) => c.ids[0]))).toBeGreaterThanOrEqual(-17);
    let rebuilt: Awaited<ReturnType<typeof cells>> = [];
    await t()
      .db.transaction()
      .execute(async (tx) => {
        await rebuild(tx, "vdays", { tz: "Asia/Shanghai", now: t().clock.now });
        rebuilt = await cells(tx);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    for (const c of rebuilt) {
      expect(c.all, c.k).toBe(c.owners);
      if (c.all !== 0) expect(c.ids, c.k).toEqual([-1, -1]);
    }
    const sums = (xs: typeof live) => xs.filter((c) => c.owners !== 0).map((c) => [c.k, c.owners]);
    expect(sums(rebuilt)).toEqual(sums(live));
  });

  test("months are cut in Asia/Shanghai: 23:30 on 03-31 is March, 00:30 on 04-01 (16:30 UTC on 03-31) is April", async () => {
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "时区客户", externalId: "CUST-TZ" });
    const csv = [
      "external_id,customer_external_id,ordered_at,amount,cost,units",
      "TZ-1,CUST-TZ,2026-03-31T23:30,1000,1,1",
      "TZ-2,CUST-TZ,2026-04-01T00:30,2000,1,1",
      "TZ-3,CUST-TZ,2026-04-01T09:00,500,1,1",
    ].join("\n");
    expect((await importCsv(t().db, "orders", csv, t().ids.admin, { now: t().clock.now })).errors).toEqual([]);
    const rows = await t().db.selectFrom("customer_months").selectAll().where("customer_id", "=", c.body.customer.id).orderBy("month").execute();
    const day = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3_600_000) / 86_400_000);
    expect(
      rows.map((r) => ({
        month: Number(r.month),
        orders: Number(r.orders),
        days: Number(r.days),
        amount: Number(r.amount_fen),
        first: Number(r.first_at),
        firstDay: Number(r.first_day),
        firstDayAmount: Number(r.first_day_amount_fen),
      })),
    ).toEqual([
      {
        month: 2026 * 12 + 2,
        orders: 1,
        days: 1,
        amount: 100_000,
        first: Date.parse("2026-03-31T15:30:00Z"),
        firstDay: day("2026-03-31T15:30:00Z"),
        firstDayAmount: 100_000,
      },
      {
        month: 2026 * 12 + 3,
        orders: 2,
        days: 1,
        amount: 250_000,
        first: Date.parse("2026-03-31T16:30:00Z"),
        firstDay: day("2026-03-31T16:30:00Z"),
        firstDayAmount: 250_000,
      },
    ]);
    await compareWithRebuild(t());
  });
});

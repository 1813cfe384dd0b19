/**
 * Checks that the bare reference (bench/bare-server.ts) does the work Jindou does: on one engine, both servers move an
 * opportunity each through the same advance/back sequence; their answers are equal (but for ids and times), their
 * stage events, audit rows, stage visits, reach rows and customer deal facts are equal, each customer's deal stamp
 * moved once per move, the read models (visits, reach, deal facts, forecast cells, visit month and day roll-ups) equal
 * their rebuild, and both refuse the same
 * requests (not visible, read-only token, expired token, stale version, incomplete checklist, back without reason).
 *
 *   npx tsx bench/bare-check.ts [sqlite|postgres]
 */
import { sql } from "kysely";
import { createTestDb } from "../src/db/testing";
import { seedPeople } from "../src/http/testing";
import { installDefaults } from "../src/pipelines/install";
import { createApiToken } from "../src/http/auth";
import { buildApp } from "../src/http/app";
import { loadConfig } from "../src/config";
import { openDb } from "../src/db/connect";
import { rebuildReach } from "../src/readmodels/opportunity-reach";
import { rebuildVisits } from "../src/readmodels/stage-visits";
import { rebuildCustomerDeals } from "../src/readmodels/customer-deals";
import { rebuildForecastCells } from "../src/readmodels/forecast-cells";
import { STAMP_SHARDS } from "../src/readmodels/stamps";
import { visitDaysRebuildDelta } from "../src/readmodels/visit-days";
import { rebuildFromVisits, visitMonthsDelta, visitMonthsOffset } from "../src/readmodels/visit-months";
import { modelRows } from "../src/readmodels/rebuild";
import { startBare } from "./bare-server";
const kind = (process.argv[2] ?? "sqlite") as "sqlite" | "postgres";
const h = await createTestDb(kind);
const now0 = Date.now() - 5000;
const ids = await seedPeople(h.db, now0);
await installDefaults(h.db, now0);
const p = await h.db.selectFrom("pipelines").select("id").where("key", "=", "crm5").executeTakeFirstOrThrow();
const st = await h.db.selectFrom("stages").select("id").where("pipeline_id", "=", p.id).where("kind", "=", "open").orderBy("position").execute();
const { id: cid } = await h.db
  .insertInto("customers")
  .values({ name: "b", name_norm: "b", owner_id: ids.rep, tags: "[]", created_at: now0, updated_at: now0 } as never)
  .returning("id")
  .executeTakeFirstOrThrow();
// b (the bare server's) has a customer of its own, so each customer's deal facts and stamp shard show one server's work
const { id: cid2 } = await h.db
  .insertInto("customers")
  .values({ name: "b2", name_norm: "b2", owner_id: ids.rep, tags: "[]", created_at: now0, updated_at: now0 } as never)
  .returning("id")
  .executeTakeFirstOrThrow();
const opp = async (owner: number, customer = cid, close: string | null = null) =>
  (
    await h.db
      .insertInto("opportunities")
      .values({
        external_id: null,
        pipeline_id: p.id,
        stage_id: st[0].id,
        customer_id: customer,
        owner_id: owner,
        title: `b`,
        amount_fen: 1,
        units: 1,
        product: null,
        expected_close_date: close,
        source: "inbound",
        forecast_category: "pipeline",
        probability_override: null,
        status: "open",
        lost_reason: null,
        closed_at: null,
        stage_entered_at: now0,
        created_at: now0,
        updated_at: now0,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
// each with a close date of its own month, so each server keeps a forecast cell of its own
const a = await opp(ids.rep, cid, "2027-03-15"),
  b = await opp(ids.rep, cid2, "2027-04-15"),
  other = await opp(ids.otherRep);
await rebuildReach(h.db);
await rebuildCustomerDeals(h.db);
await rebuildForecastCells(h.db);
const stampOf = async (customer: number) =>
  Number(
    (
      await h.db
        .selectFrom("read_model_stamps")
        .select("version")
        .where("model", "=", "deals")
        .where("shard", "=", customer % STAMP_SHARDS)
        .executeTakeFirst()
    )?.version ?? 0,
  );
const stamps0 = [await stampOf(cid), await stampOf(cid2)];
const token = await createApiToken(h.db, ids.rep, "b", now0);
const readToken = await createApiToken(h.db, ids.rep, "r", now0, { scope: "read" });
const expired = await createApiToken(h.db, ids.rep, "e", now0, { expiresAt: now0 + 1 });
const app = await buildApp({ handle: openDb(h.location), config: loadConfig({ JOBS: "0" } as NodeJS.ProcessEnv), webDist: "/none" });
await app.listen({ port: 0, host: "127.0.0.1" });
const jindou = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
const bare = await startBare(kind, h.location);
const post = async (base: string, id: number, body: unknown, tok = token) => {
  const r = await fetch(`${base}/opportunities/${id}/transition`, {
    method: "POST",
    headers: { authorization: `Bearer ${tok}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
};
const strip = (x: Record<string, unknown>) => {
  const { updatedAt, stageEnteredAt, daysInStage, ...rest } = x;
  return rest;
};
let va = 1,
  vb = 1;
for (let i = 0; i < 6; i++) {
  const fwd = i % 2 === 0;
  const body = (v: number) =>
    fwd ? { version: v, action: "advance", override: true, reason: "bench" } : { version: v, action: "back", toStageId: st[0].id, reason: "bench" };
  const j = await post(jindou, a, body(va)),
    x = await post(bare.url, b, body(vb));
  if (j.status !== 200 || x.status !== 200) throw new Error(JSON.stringify([j, x]));
  va = j.body.version;
  vb = x.body.version;
  // equal but for ids, times, the customer and the close date (each server's opportunity has its own)
  const [sj, sx] = [
    JSON.stringify({ ...strip(j.body), id: 0, customerId: 0, customerName: "", expectedCloseDate: "" }),
    JSON.stringify({ ...strip(x.body), id: 0, customerId: 0, customerName: "", expectedCloseDate: "" }),
  ];
  if (sj !== sx) throw new Error(`answers differ\n${sj}\n${sx}`);
  if (j.body.customerId !== cid || j.body.customerName !== "b" || x.body.customerId !== cid2 || x.body.customerName !== "b2")
    throw new Error("customers differ");
}
const refusals: Record<string, number[]> = {};
for (const [what, base] of [
  ["jindou", jindou],
  ["bare", bare.url],
] as const) {
  const codes = [
    (await post(base, other, { version: 1, action: "advance", override: true, reason: "x" })).status,
    (await post(base, a, { version: 1, action: "advance", override: true, reason: "x" }, readToken)).status,
    (await post(base, a, { version: 1, action: "advance", override: true, reason: "x" }, expired)).status,
    (await post(base, a, { version: 0, action: "advance", override: true, reason: "x" })).status,
    (await post(base, a, { version: va, action: "advance" })).status,
    (await post(base, a, { version: va, action: "back", toStageId: st[0].id })).status,
  ];
  refusals[what] = codes;
  console.log(what, "refusals (not visible, read-only, expired, stale version, checklist, back without reason):", codes.join(" "));
}
const rows = async (table: "stage_events" | "audit_log" | "stage_visits", col: string, id: number) =>
  JSON.stringify(
    (
      await h.db
        .selectFrom(table as never)
        .selectAll()
        .where(col as never, "=", id as never)
        .orderBy("id" as never)
        .execute()
    ).map((r: Record<string, unknown>) => {
      const { id: _i, at: _a, entered_at: _e, left_at: _l, opportunity_id: _o, entity_id: _x, customer_id: _c, ...rest } = r;
      return rest;
    }),
  );
for (const [t, c] of [
  ["stage_events", "opportunity_id"],
  ["audit_log", "entity_id"],
  ["stage_visits", "opportunity_id"],
] as const) {
  const [rj, rx] = [await rows(t, c, a), await rows(t, c, b)];
  console.log(t, rj === rx ? "same" : `DIFFER\n${rj}\n${rx}`);
  if (rj !== rx) process.exitCode = 1;
}
const reachOf = async (id: number) =>
  JSON.stringify(await h.db.selectFrom("opportunity_reach").select(["status", "stages"]).where("opportunity_id", "=", id).execute());
const [reachA, reachB] = [await reachOf(a), await reachOf(b)];
console.log("opportunity_reach", reachA === reachB ? `same ${reachA}` : `DIFFER\n${reachA}\n${reachB}`);
if (reachA !== reachB) process.exitCode = 1;
const dealsOf = async (customer: number) => {
  const { customer_id: _c, ...rest } = (await h.db
    .selectFrom("customer_deal_facts")
    .selectAll()
    .where("customer_id", "=", customer)
    .executeTakeFirstOrThrow()) as Record<string, unknown>;
  return JSON.stringify(rest);
};
// (a's customer also holds the other rep's opportunity, so the rows differ by it; each equals its rebuild, below)
console.log("customer_deal_facts (jindou's customer, bare's):", await dealsOf(cid), await dealsOf(cid2));
const stampMoves = [(await stampOf(cid)) - stamps0[0], (await stampOf(cid2)) - stamps0[1]];
console.log("deal stamp bumps (jindou, bare):", stampMoves.join(", "));
if (stampMoves[0] !== stampMoves[1] || stampMoves[0] < 6) process.exitCode = 1;
const models = async () =>
  JSON.stringify([
    await h.db.selectFrom("stage_visits").selectAll().orderBy("id").execute(),
    await h.db.selectFrom("opportunity_reach").selectAll().orderBy("opportunity_id").execute(),
    await h.db.selectFrom("customer_deal_facts").selectAll().orderBy("customer_id").execute(),
    await h.db.selectFrom("forecast_cells").selectAll().orderBy("owner_id").orderBy("close_month").orderBy("forecast_category").execute(),
    // the visits' month and day roll-ups
    await h.db
      .selectFrom("stage_visit_months")
      .selectAll()
      .where((e) => e.or([e("entered", "<>", 0), e("left_n", "<>", 0)]))
      .orderBy("pipeline_id")
      .orderBy("owner_id")
      .orderBy("stage_id")
      .orderBy("month")
      .execute(),
    // the live all-owners delta shards folded as the rebuild writes them (rebuild.ts, TABLE_OF.vdays)
    await modelRows(h.db, "vdays"),
  ]);
const before = await models();
await rebuildVisits(h.db);
await rebuildReach(h.db);
await rebuildCustomerDeals(h.db);
await rebuildForecastCells(h.db);
const offset = await visitMonthsOffset(h.db);
await rebuildFromVisits(h.db, "stage_visit_months", visitMonthsDelta, null, offset);
await rebuildFromVisits(h.db, "stage_visit_days", visitDaysRebuildDelta, sql`v.left_at is not null`, offset);
const after = await models();
console.log("visits, reach, deal facts, forecast cells, visit months and days == rebuild:", before === after);
if (before !== after) process.exitCode = 1;
// every refusal is a 4xx on both (Jindou's back without a reason is a 400, the bare server's a 422)
if (refusals.jindou.some((c, i) => c < 400 || c >= 500 || (i < 5 && c !== refusals.bare[i])) || refusals.bare.some((c) => c < 400 || c >= 500))
  process.exitCode = 1;
const oa = await h.db.selectFrom("opportunities").select(["stage_id", "status", "version", "closed_at", "lost_reason"]).where("id", "in", [a, b]).execute();
console.log("opportunities", JSON.stringify(oa));
await bare.close();
await app.close();
await h.drop();

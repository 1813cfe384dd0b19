/**
 * The pipeline builder over the API on both engines: the Prospecting → Engaging → Won/Lost built from
 * scratch shows exactly its stages in the funnel, conversion and cycle-time reports; a stage removal moves its
 * deals with an event each, keeps the read models equal to their rebuild and the report totals as they were.
 */
import { beforeAll, expect, test } from "vitest";
import { customerRoutes } from "../customers/routes";
import { funnelRoutes } from "../funnel/routes";
import { forEachApp, type TestApp } from "../http/testing";
import { opportunityRoutes } from "../opportunities/routes";
import { importCsv } from "../import/fixtures";
import { installDefaults } from "./install";
import { MODELS, modelRows, rebuild } from "../readmodels/rebuild";
import { pipelineRoutes } from "./routes";

class Rollback extends Error {}
async function visitsEqualRebuild(t: TestApp) {
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

interface Stage {
  id: number;
  key: string;
  kind: string;
  position: number;
  nameEn: string;
}
const keys = (xs: Array<{ key: string }>) => xs.map((s) => s.key);

forEachApp(
  "pipeline builder",
  (t) => {
    let P: { id: number; stages: Stage[] };
    const opps: number[] = [];
    const counts = async () => {
      const n = async (table: "pipelines" | "stages" | "stage_events" | "audit_log") =>
        Number(
          (
            await t()
              .db.selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return { pipelines: await n("pipelines"), stages: await n("stages"), events: await n("stage_events"), audit: await n("audit_log") };
    };
    const report = async (name: string, extra = "") => {
      const r = await t().call("admin", "GET", `/api/v1/reports/${name}?pipeline=${P.id}${extra}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };

    beforeAll(async () => {
      await installDefaults(t().db, t().clock.now);
      const r = await t().call("admin", "POST", "/api/v1/pipelines", {
        key: "outbound",
        nameZh: "外呼漏斗",
        nameEn: "Outbound",
        kind: "deal",
        stages: [
          { nameZh: "寻找客户", nameEn: "Prospecting", probability: 10, definition: "Someone to call", stallDays: 14, ownerRole: "rep", actions: ["打电话"] },
          { nameZh: "接洽", nameEn: "Engaging", probability: 40 },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      P = r.body;
      const c = await t().call("rep", "POST", "/api/v1/customers", { name: "外呼客户" });
      expect(c.status).toBe(201);
      for (const [i, amount] of [100_000, 200_000, 300_000].entries()) {
        const o = await t().call("rep", "POST", "/api/v1/opportunities", {
          title: `外呼 ${i + 1}`,
          amountFen: amount,
          customerId: c.body.customer.id,
          pipelineId: P.id,
        });
        expect(o.status, JSON.stringify(o.body)).toBe(201);
        opps.push(o.body.id);
        if (i > 0) {
          const a = await t().call("rep", "POST", `/api/v1/opportunities/${o.body.id}/transition`, { version: o.body.version, action: "advance" });
          expect(a.status, JSON.stringify(a.body)).toBe(200);
        }
      }
    });

    test("built from scratch: Prospecting, Engaging, then Won and Lost, each with its fields and an audit row", async () => {
      expect(P.stages.map((s) => [s.key, s.kind, s.position])).toEqual([
        ["prospecting", "open", 0],
        ["engaging", "open", 1],
        ["won", "won", 2],
        ["lost", "lost", 3],
      ]);
      const first = (await t().call("rep", "GET", `/api/v1/pipelines/${P.id}`)).body.stages[0];
      expect([first.probability, first.definitionEn, first.stallDays, first.ownerRole, first.actions.map((a: { textEn: string }) => a.textEn)]).toEqual([
        10,
        "Someone to call",
        14,
        "rep",
        ["打电话"],
      ]);
      const audit = await t().db.selectFrom("audit_log").select("action").where("entity", "=", "pipeline").where("entity_id", "=", P.id).execute();
      expect(audit.map((a) => a.action)).toEqual(["create"]);
    });

    test("the funnel, conversion and cycle-time reports show exactly its stages", async () => {
      const f = await report("funnel");
      expect(keys(f.pipeline.stages)).toEqual(["prospecting", "engaging", "won"]);
      expect(keys(f.stages)).toEqual(["prospecting", "engaging"]);
      expect(f.stages.map((s: { count: number }) => s.count)).toEqual([1, 2]);
      expect(f.total).toEqual({ count: 3, amountFen: 600_000, weightedFen: 100_000 * 0.1 + 500_000 * 0.4 });
      const c = await report("conversion", "&period=2026-06");
      expect(c.stages.map((s: { stageId: number }) => s.stageId)).toEqual([P.stages[0].id, P.stages[1].id, P.stages[2].id]);
      expect(c.stages.map((s: { reached: number }) => s.reached)).toEqual([3, 2, 0]);
      const y = await report("cycle-time", "&period=2026-06");
      expect(keys(y.pipeline.stages)).toEqual(["prospecting", "engaging", "won"]);
      expect(keys(y.stages)).toEqual(["prospecting", "engaging"]);
    });

    test("bad input answers 4xx naming the field and changes nothing", async () => {
      const before = await counts();
      const bad = async (body: object, status: number, field: string) => {
        const r = await t().call("admin", "POST", "/api/v1/pipelines", body);
        expect([r.status, r.body.error?.field], JSON.stringify(r.body)).toEqual([status, field]);
      };
      const s = (probability: number) => ({ nameZh: "阶段", nameEn: "Stage", probability });
      await bad({ key: "empty", nameZh: "空", nameEn: "Empty", stages: [] }, 400, "stages");
      await bad({ key: "prob", nameZh: "概率", nameEn: "Prob", stages: [s(101)] }, 400, "stages.0.probability");
      await bad({ key: "prob", nameZh: "概率", nameEn: "Prob", stages: [s(10), s(-5)] }, 400, "stages.1.probability");
      await bad({ key: "outbound", nameZh: "重复", nameEn: "Dup", stages: [s(10)] }, 409, "key");
      await bad({ key: "Bad Key", nameZh: "键", nameEn: "Key", stages: [s(10)] }, 400, "key");
      expect((await t().call("rep", "POST", "/api/v1/pipelines", { key: "mine", nameZh: "我的", nameEn: "Mine", stages: [s(10)] })).status).toBe(403);
      expect((await t().call("rep", "POST", `/api/v1/pipelines/${P.id}/stages`, s(20))).status).toBe(403);
      expect((await t().call("otherRep", "DELETE", `/api/v1/stages/${P.stages[1].id}?moveTo=${P.stages[0].id}`)).status).toBe(403);
      expect((await t().call("admin", "POST", `/api/v1/pipelines/${P.id}/stages`, { ...s(20), position: 3 })).body.error.field).toBe("position");
      expect(
        (await t().call("admin", "POST", `/api/v1/pipelines/${P.id}/stages`, { nameZh: "接洽", nameEn: "engaging", probability: 20 })).body.error.field,
      ).toBe("nameEn");
      expect((await t().call("admin", "POST", `/api/v1/pipelines/999999/stages`, s(20))).status).toBe(404);
      expect(await counts()).toEqual(before);
    });

    test("add a stage at a position, reorder, and a stale version answers 409", async () => {
      const added = await t().call("admin", "POST", `/api/v1/pipelines/${P.id}/stages`, {
        nameZh: "资格确认",
        nameEn: "Qualifying",
        probability: 25,
        position: 1,
        checklist: [{ textZh: "有预算", textEn: "Has budget" }],
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      expect(keys(added.body.stages)).toEqual(["prospecting", "qualifying", "engaging", "won", "lost"]);
      expect(added.body.stages.map((s: Stage) => s.position)).toEqual([0, 1, 2, 3, 4]);
      expect(added.body.stages[1].criteria.map((c: { textEn: string }) => c.textEn)).toEqual(["Has budget"]);
      const [pr, q, en] = added.body.stages as Stage[];
      const stale = await t().call("admin", "PUT", `/api/v1/pipelines/${P.id}/stage-order`, {
        stageIds: [pr.id, en.id, q.id],
        version: added.body.version - 1,
      });
      expect(stale.status).toBe(409);
      const bad = await t().call("admin", "PUT", `/api/v1/pipelines/${P.id}/stage-order`, { stageIds: [pr.id, en.id] });
      expect([bad.status, bad.body.error.field]).toEqual([400, "stageIds"]);
      const r = await t().call("admin", "PUT", `/api/v1/pipelines/${P.id}/stage-order`, { stageIds: [pr.id, en.id, q.id], version: added.body.version });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(keys(r.body.stages)).toEqual(["prospecting", "engaging", "qualifying", "won", "lost"]);
      // the board's advance follows the new order: Prospecting → Engaging
      const f = await report("funnel");
      expect(keys(f.stages)).toEqual(["prospecting", "engaging", "qualifying"]);
      expect(f.stages.map((s: { count: number }) => s.count)).toEqual([1, 2, 0]);
    });

    test("removing a stage that holds deals needs moveTo; with it they move, each with an event; history still names it", async () => {
      const p = (await t().call("admin", "GET", `/api/v1/pipelines/${P.id}`)).body;
      const [, engaging, qualifying] = p.stages as Stage[];
      const before = await counts();
      const totalBefore = (await report("funnel")).total;
      const reachedBefore = (await report("conversion", "&period=2026-06")).stages[0].reached;
      const refused = await t().call("admin", "DELETE", `/api/v1/stages/${engaging.id}`);
      expect([refused.status, refused.body.error.field, refused.body.error.params?.count]).toEqual([409, "moveTo", 2]);
      const crm5 = (await t().call("admin", "GET", "/api/v1/pipelines")).body.items.find((x: { key: string }) => x.key === "crm5");
      const other = await t().call("admin", "DELETE", `/api/v1/stages/${engaging.id}?moveTo=${crm5.stages[0].id}`);
      expect([other.status, other.body.error.field]).toEqual([400, "moveTo"]);
      const won = await t().call("admin", "DELETE", `/api/v1/stages/${engaging.id}?moveTo=${p.stages.find((s: Stage) => s.kind === "won").id}`);
      expect([won.status, won.body.error.field]).toEqual([400, "moveTo"]);
      expect(await counts()).toEqual(before);

      t().clock.now += 2 * 86_400_000; // the removal happens on 2026-06-17
      const r = await t().call("admin", "DELETE", `/api/v1/stages/${engaging.id}?moveTo=${qualifying.id}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.moved).toEqual([opps[1], opps[2]]);
      expect(keys(r.body.pipeline.stages)).toEqual(["prospecting", "qualifying", "won", "lost"]);
      const pos = r.body.pipeline.stages.map((s: Stage) => s.position);
      expect([...pos].sort((a, b) => a - b)).toEqual(pos); // still in order (the removed stage leaves a gap)
      expect(r.body.pipeline.archivedStages.map((s: Stage) => [s.id, s.nameEn])).toEqual([[engaging.id, "Engaging"]]);
      // still a row: archived, not deleted
      expect(Number((await t().db.selectFrom("stages").select("archived_at").where("id", "=", engaging.id).executeTakeFirstOrThrow()).archived_at)).toBe(
        t().clock.now,
      );

      for (const id of [opps[1], opps[2]]) {
        const ev = (await t().call("rep", "GET", `/api/v1/opportunities/${id}/events`)).body;
        const items = Array.isArray(ev) ? ev : ev.items;
        const last = items.at(-1);
        // Qualifying came after Engaging in the order, so the move is an advance, by the admin, naming the stage
        expect([last.fromStageId, last.toStageId, last.kind, last.actorId]).toEqual([engaging.id, qualifying.id, "advance", t().ids.admin]);
        expect(last.reason).toContain("Engaging");
        const o = (await t().call("rep", "GET", `/api/v1/opportunities/${id}`)).body;
        expect((o.opportunity ?? o).stageId).toBe(qualifying.id);
      }
      const after = await counts();
      expect(after.events - before.events).toBe(2);
      expect([after.stages, after.pipelines]).toEqual([before.stages, before.pipelines]);
      await visitsEqualRebuild(t());

      const f = await report("funnel");
      expect(keys(f.stages)).toEqual(["prospecting", "qualifying"]);
      expect(f.stages.map((s: { count: number }) => s.count)).toEqual([1, 2]);
      expect([f.total.count, f.total.amountFen]).toEqual([totalBefore.count, totalBefore.amountFen]);
      // as of the day before the removal the snapshot shows the stages live then, with the same totals
      const past = await report("funnel", "&asOf=2026-06-15");
      expect(keys(past.stages)).toEqual(["prospecting", "engaging", "qualifying"]);
      expect(past.stages.map((s: { count: number }) => s.count)).toEqual([1, 2, 0]);
      expect([past.total.count, past.total.amountFen]).toEqual([totalBefore.count, totalBefore.amountFen]);
      const c = await report("conversion", "&period=2026-06");
      expect(c.stages.map((s: { stageId: number }) => s.stageId)).toEqual([p.stages[0].id, qualifying.id, p.stages.find((s: Stage) => s.kind === "won").id]);
      expect(c.stages[0].reached).toBe(reachedBefore);
      expect(c.stages.map((s: { reached: number }) => s.reached)).toEqual([3, 2, 0]);
      const y = await report("cycle-time", "&period=2026-06");
      expect(keys(y.stages)).toEqual(["prospecting", "qualifying"]);

      // an empty stage goes without a target; Won and the last open stage stay
      const e = await t().call("admin", "POST", `/api/v1/pipelines/${P.id}/stages`, { nameZh: "空", nameEn: "Empty", probability: 5 });
      const empty = e.body.stages.find((s: Stage) => s.key === "empty");
      expect((await t().call("admin", "DELETE", `/api/v1/stages/${empty.id}`)).status).toBe(200);
      expect((await t().call("admin", "DELETE", `/api/v1/stages/${empty.id}`)).status).toBe(404);
      const wonId = p.stages.find((s: Stage) => s.kind === "won").id;
      expect((await t().call("admin", "DELETE", `/api/v1/stages/${wonId}`)).body.error.field).toBe("id");
    });

    test("an import cannot put a deal into a removed stage; a live stage takes it", async () => {
      const head = "external_id,title,customer_external_id,owner_email,pipeline,stage,amount,created_at";
      await t().call("rep", "POST", "/api/v1/customers", { name: "导入客户", externalId: "C-IMP" });
      const before = await counts();
      const refused = await importCsv(t().db, "opportunities", `${head}\nO-ENG,导入单,C-IMP,rep@test.jindou,outbound,engaging,1000,2026-06-01`, t().ids.admin, {
        now: t().clock.now,
      });
      expect(refused.errors.map((e) => e.column)).toEqual(["stage"]);
      expect(await counts()).toEqual(before);
      const ok = await importCsv(t().db, "opportunities", `${head}\nO-QUA,导入单,C-IMP,rep@test.jindou,outbound,qualifying,1000,2026-06-01`, t().ids.admin, {
        now: t().clock.now,
      });
      expect(ok.errors).toEqual([]);
      await visitsEqualRebuild(t());
    });

    test("a deal moves on the changed pipeline: advance from Prospecting goes to Qualifying", async () => {
      const o = (await t().call("rep", "GET", `/api/v1/opportunities/${opps[0]}`)).body;
      const opp = o.opportunity ?? o;
      const r = await t().call("rep", "POST", `/api/v1/opportunities/${opps[0]}/transition`, { version: opp.version, action: "advance" });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.stageKey ?? r.body.stage?.key).toBe("qualifying");
    });

    test("copy a pipeline: its live stages under a new key; archive it: no new deals in it", async () => {
      const cp = await t().call("admin", "POST", `/api/v1/pipelines/${P.id}/copy`, { key: "outbound-2" });
      expect(cp.status, JSON.stringify(cp.body)).toBe(201);
      expect(keys(cp.body.stages)).toEqual(["prospecting", "qualifying", "won", "lost"]);
      expect(cp.body.stages[1].criteria.map((c: { textEn: string }) => c.textEn)).toEqual(["Has budget"]);
      expect([cp.body.nameEn, cp.body.archivedStages]).toEqual(["Outbound (copy)", []]);
      expect((await t().call("admin", "POST", `/api/v1/pipelines/${P.id}/copy`, { key: "outbound-2" })).body.error.field).toBe("key");
      const a = await t().call("admin", "PATCH", `/api/v1/pipelines/${cp.body.id}`, { version: cp.body.version, archived: true });
      expect([a.status, a.body.archived]).toEqual([200, true]);
      const c = await t().call("rep", "POST", "/api/v1/customers", { name: "归档客户" });
      const o = await t().call("rep", "POST", "/api/v1/opportunities", { title: "x", amountFen: 1, customerId: c.body.customer.id, pipelineId: cp.body.id });
      expect([o.status, o.body.error.field]).toEqual([400, "pipelineId"]);
    });
    test("a lifecycle stage held by customers moves them too, and is no longer a lifecycle value", async () => {
      const life = (await t().call("admin", "GET", "/api/v1/pipelines")).body.items.find((x: { key: string }) => x.key === "lifecycle");
      const admirer = life.stages.find((s: Stage) => s.key === "admirer");
      const buyer = life.stages.find((s: Stage) => s.key === "potential_buyer");
      const c = await t().call("rep", "POST", "/api/v1/customers", { name: "崇拜者客户", lifecycleStage: "admirer" });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      const refused = await t().call("admin", "DELETE", `/api/v1/stages/${admirer.id}`);
      expect([refused.status, refused.body.error.field, refused.body.error.params?.count]).toEqual([409, "moveTo", 1]);
      const r = await t().call("admin", "DELETE", `/api/v1/stages/${admirer.id}?moveTo=${buyer.id}`);
      expect([r.status, r.body.movedCustomers]).toEqual([200, [c.body.customer.id]]);
      const after = await t().call("rep", "GET", `/api/v1/customers/${c.body.customer.id}`);
      expect(after.body.lifecycleStage).toBe("potential_buyer");
      const again = await t().call("rep", "POST", "/api/v1/customers", { name: "又一个崇拜者", lifecycleStage: "admirer" });
      expect(again.status).toBe(422);
    });
  },
  { only: [pipelineRoutes, customerRoutes, opportunityRoutes, funnelRoutes] },
);

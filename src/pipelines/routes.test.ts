import { sql } from "kysely";
import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { pipelineRoutes } from "./routes";

// The pipelines routes plugin mounted alone on the base server (auth, errors, a real database) — no other feature.
forEachApp(
  "pipelines routes mounted alone",
  (t) => {
    const auditRows = async (entity: string) =>
      await t().db.selectFrom("audit_log").select(["entity_id", "action"]).where("entity", "=", entity).orderBy("id").execute();

    test("only this feature is mounted: other features' routes answer 404", async () => {
      expect((await t().call("admin", "GET", "/api/v1/customers")).status).toBe(404);
      expect((await t().call("admin", "GET", "/api/v1/pipelines")).status).toBe(200);
      expect((await t().call(null, "GET", "/api/v1/pipelines")).status).toBe(401);
    });

    test("an admin installs the CRM five-stage template (seed 003) with its audit row; a rep may not", async () => {
      expect((await t().call("rep", "POST", "/api/v1/pipelines", { template: "crm5", key: "by-rep" })).status).toBe(403);
      const r = await t().call("admin", "POST", "/api/v1/pipelines", { template: "crm5", key: "alone" });
      expect(r.status).toBe(201);
      // 003: lead → qualified → quote → agreement → won, plus the lost exit
      expect(r.body.stages.map((s: { key: string }) => s.key)).toEqual(["lead", "qualified", "quote", "agreement", "won", "lost"]);
      expect(r.body.stages.map((s: { probability: number }) => s.probability)).toEqual([10, 25, 50, 75, 100, 0]);
      expect(await auditRows("pipeline")).toEqual([{ entity_id: r.body.id, action: "create" }]);
      const dup = await t().call("admin", "POST", "/api/v1/pipelines", { template: "crm5", key: "alone" });
      expect(dup.status).toBe(409);
      expect(await t().db.selectFrom("pipelines").select("id").where("key", "=", "by-rep").execute()).toEqual([]);
    });

    test("a stale version answers 409 and changes nothing", async () => {
      const p = (await t().call("admin", "GET", "/api/v1/pipelines")).body.items.find((x: { key: string }) => x.key === "alone");
      const ok = await t().call("admin", "PATCH", `/api/v1/pipelines/${p.id}`, { version: p.version, nameEn: "Renamed" });
      expect(ok.status).toBe(200);
      expect(ok.body.version).toBe(p.version + 1);
      const stale = await t().call("admin", "PATCH", `/api/v1/pipelines/${p.id}`, { version: p.version, nameEn: "Stale" });
      expect(stale.status).toBe(409);
      expect((await t().call("rep", "GET", `/api/v1/pipelines/${p.id}`)).body.nameEn).toBe("Renamed");
      expect((await auditRows("pipeline")).map((a) => a.action)).toEqual(["create", "update"]);
    });

    test("lost reasons: create with audit, a duplicate key is refused and adds nothing", async () => {
      const r = await t().call("admin", "POST", "/api/v1/lost-reasons", { key: "budget_cut", nameZh: "预算取消", nameEn: "Budget cut" });
      expect(r.status).toBe(201);
      expect((await t().call("admin", "POST", "/api/v1/lost-reasons", { key: "budget_cut", nameZh: "重复", nameEn: "Dup" })).status).toBe(409);
      const items = (await t().call("rep", "GET", "/api/v1/lost-reasons")).body.items;
      expect(items.filter((x: { key: string }) => x.key === "budget_cut")).toHaveLength(1);
      expect(await auditRows("lost_reason")).toEqual([{ entity_id: r.body.id, action: "create" }]);
      expect((await t().call("admin", "PATCH", "/api/v1/lost-reasons/999999", { active: false })).status).toBe(404);
    });
    test("exit checklist items: added at the end, edited, deleted, each audited; Won keeps 100 %", async () => {
      const p = (await t().call("admin", "GET", "/api/v1/pipelines")).body.items.find((x: { key: string }) => x.key === "alone");
      const lead = p.stages[0];
      const n = lead.criteria.length;
      const added = await t().call("admin", "POST", `/api/v1/stages/${lead.id}/criteria`, { textZh: "已确认预算", textEn: "Budget confirmed" });
      expect(added.status).toBe(201);
      const item = added.body.stages[0].criteria.at(-1);
      expect([item.position, item.textEn]).toEqual([n, "Budget confirmed"]);
      expect((await t().call("admin", "PATCH", `/api/v1/criteria/${item.id}`, { textEn: "Budget approved" })).body.stages[0].criteria.at(-1).textEn).toBe(
        "Budget approved",
      );
      expect((await t().call("admin", "DELETE", `/api/v1/criteria/${item.id}`)).body.stages[0].criteria).toHaveLength(n);
      expect((await t().call("admin", "DELETE", `/api/v1/criteria/${item.id}`)).status).toBe(404);
      expect((await auditRows("stage_criteria")).map((a) => a.action)).toEqual(["create", "update", "delete"]);
      const won = p.stages.find((s: { kind: string }) => s.kind === "won");
      expect((await t().call("admin", "PATCH", `/api/v1/stages/${won.id}`, { probability: 90 })).status).toBe(409);
    });

    test("when the audit row cannot be written, no pipeline is installed (one transaction)", async () => {
      await sql`alter table audit_log rename to audit_log_away`.execute(t().db);
      try {
        expect((await t().call("admin", "POST", "/api/v1/pipelines", { template: "crm5", key: "atomic" })).status).toBe(500);
        expect((await t().call("admin", "POST", "/api/v1/lost-reasons", { key: "atomic", nameZh: "原子", nameEn: "Atomic" })).status).toBe(500);
      } finally {
        await sql`alter table audit_log_away rename to audit_log`.execute(t().db);
      }
      expect(await t().db.selectFrom("pipelines").select("id").where("key", "=", "atomic").execute()).toEqual([]);
      expect(await t().db.selectFrom("stages").select("id").where("pipeline_id", "not in", t().db.selectFrom("pipelines").select("id")).execute()).toEqual([]);
      expect(await t().db.selectFrom("lost_reasons").select("id").where("key", "=", "atomic").execute()).toEqual([]);
    });
  },
  { only: [pipelineRoutes] },
);

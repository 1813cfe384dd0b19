import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { importCsv } from "../import/fixtures";
import { installDefaults } from "../pipelines/install";

// Issue 11: a rename is checked for duplicates as creation is; the lifecycle stage is a stage of the lifecycle pipeline.
forEachApp("customer rules on every path", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  test("renaming a customer to another's name (once normalised) flags it as creation does", async () => {
    const a = await t().call("rep", "POST", "/api/v1/customers", { name: "上海金豆科技有限公司" });
    const b = await t().call("rep", "POST", "/api/v1/customers", { name: "杭州银杏贸易有限公司" });
    expect(b.body.customer.duplicateOf).toBeNull();
    const created = await t().call("rep2", "POST", "/api/v1/customers", { name: "上海 金豆科技（有限公司）" });
    expect(created.body.customer.duplicateOf).toBe(a.body.customer.id);
    const renamed = await t().call("rep", "PATCH", `/api/v1/customers/${b.body.customer.id}`, {
      version: b.body.customer.version,
      name: "上海金豆科技 有限公司",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.duplicateOf).toBe(a.body.customer.id);
    expect(renamed.body.duplicates.map((d: { id: number }) => d.id)).toContain(a.body.customer.id);
    // renamed again to a unique name: the flag goes
    const unique = await t().call("rep", "PATCH", `/api/v1/customers/${b.body.customer.id}`, { version: renamed.body.version, name: "杭州银杏贸易有限公司" });
    expect(unique.body).toMatchObject({ duplicateOf: null, duplicates: [] });
    // an edit that does not touch the name leaves the flag alone
    const other = await t().call("rep2", "PATCH", `/api/v1/customers/${created.body.customer.id}`, {
      version: created.body.customer.version,
      industry: "制造",
    });
    expect(other.body.duplicateOf).toBe(a.body.customer.id);
  });

  test("the lifecycle stage must be a stage of the lifecycle pipeline; names are stored as the key", async () => {
    const bad = await t().call("rep", "POST", "/api/v1/customers", { name: `生命周期 ${Math.random()}`, lifecycleStage: "VIP" });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: "LIFECYCLE_STAGE_UNKNOWN", field: "lifecycleStage" });
    expect(bad.body.error.details.allowed).toEqual(["prospect", "admirer", "potential_buyer", "customer", "loyal", "churned"]);
    const ok = await t().call("rep", "POST", "/api/v1/customers", { name: `生命周期 ${Math.random()}`, lifecycleStage: "潜在买家" });
    expect(ok.body.customer.lifecycleStage).toBe("potential_buyer");
    const patchBad = await t().call("rep", "PATCH", `/api/v1/customers/${ok.body.customer.id}`, {
      version: ok.body.customer.version,
      lifecycleStage: "随便写",
    });
    expect(patchBad.status).toBe(422);
    const patched = await t().call("rep", "PATCH", `/api/v1/customers/${ok.body.customer.id}`, { version: ok.body.customer.version, lifecycleStage: "loyal" });
    expect(patched.body).toMatchObject({ lifecycleStage: "loyal", version: ok.body.customer.version + 1 });
  });

  test("an import with an unknown lifecycle stage is refused by row and column; a known name is stored as its key", async () => {
    const bad = await importCsv(t().db, "customers", "external_id,name,lifecycle_stage\nLC1,生命周期导入一,潜在买家\nLC2,生命周期导入二,大客户", t().ids.admin);
    expect(bad.errors).toEqual([expect.objectContaining({ row: 3, column: "lifecycle_stage" })]);
    expect(await t().db.selectFrom("customers").select("id").where("external_id", "in", ["LC1", "LC2"]).execute()).toEqual([]);
    const ok = await importCsv(t().db, "customers", "external_id,name,lifecycle_stage\nLC1,生命周期导入一,潜在买家", t().ids.admin);
    expect(ok.errors).toEqual([]);
    expect((await t().db.selectFrom("customers").select("lifecycle_stage").where("external_id", "=", "LC1").executeTakeFirstOrThrow()).lifecycle_stage).toBe(
      "potential_buyer",
    );
  });

  test("an import that renames a customer to another's name flags it", async () => {
    expect((await importCsv(t().db, "customers", "external_id,name\nRN1,北京红杉咨询有限公司\nRN2,天津白桦物流有限公司", t().ids.admin)).errors).toEqual([]);
    const r = await importCsv(t().db, "customers", "external_id,name\nRN2,北京红杉咨询 有限公司", t().ids.admin);
    expect(r.warnings).toEqual([expect.objectContaining({ row: 2, column: "name" })]);
    const rows = await t()
      .db.selectFrom("customers")
      .select(["id", "external_id", "duplicate_of"])
      .where("external_id", "in", ["RN1", "RN2"])
      .orderBy("external_id")
      .execute();
    expect(rows[1].duplicate_of).toBe(rows[0].id);
  });
});

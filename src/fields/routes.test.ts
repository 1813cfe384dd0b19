import { beforeAll, describe, expect, test } from "vitest";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";

async function upload(t: TestApp, who: Person, url: string, csv: string) {
  const res = await t.app.inject({
    method: "POST",
    url,
    payload: Buffer.from(csv),
    headers: { authorization: `Bearer ${t.tokens[who]}`, "content-type": "text/csv" },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

const REGION = {
  entity: "customer",
  key: "region",
  labelZh: "大区",
  labelEn: "Sales region",
  type: "select",
  options: [
    { key: "east", labelZh: "华东", labelEn: "East" },
    { key: "north", labelZh: "华北", labelEn: "North" },
  ],
};

forEachApp("custom fields", (t) => {
  const count = async (table: "customers" | "custom_values") =>
    Number(
      (
        await t()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const fields: Record<string, { id: number; version: number }> = {};
  let pipelineId = 0;

  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
    pipelineId = (await t().db.selectFrom("pipelines").select("id").where("kind", "=", "deal").orderBy("id").executeTakeFirstOrThrow()).id;
  });

  describe("definitions", () => {
    test("an admin defines fields; a rep may read but not define them", async () => {
      expect((await t().call("rep", "POST", "/api/v1/fields", REGION)).status).toBe(403);
      for (const body of [
        REGION,
        { entity: "customer", key: "headcount", labelZh: "员工人数", labelEn: "Headcount", type: "number" },
        { entity: "customer", key: "account_manager", labelZh: "客户经理", labelEn: "Account manager", type: "user" },
        { entity: "customer", key: "budget", labelZh: "年度预算", labelEn: "Budget", type: "money" },
        {
          entity: "opportunity",
          key: "deal_type",
          labelZh: "交易类型",
          labelEn: "Deal type",
          type: "select",
          options: [
            { key: "new", labelZh: "新购", labelEn: "New" },
            { key: "renewal", labelZh: "续约", labelEn: "Renewal" },
          ],
        },
        { entity: "contact", key: "birthday", labelZh: "生日", labelEn: "Birthday", type: "date" },
        {
          entity: "activity",
          key: "mood",
          labelZh: "客户态度",
          labelEn: "Mood",
          type: "select",
          options: [
            { key: "warm", labelZh: "积极", labelEn: "Warm" },
            { key: "cold", labelZh: "冷淡", labelEn: "Cold" },
          ],
        },
      ]) {
        const r = await t().call("admin", "POST", "/api/v1/fields", body);
        expect(r.status).toBe(201);
        fields[body.key] = r.body;
      }
      expect((await t().call("admin", "POST", "/api/v1/fields", REGION)).status).toBe(409);
      expect((await t().call("admin", "POST", "/api/v1/fields", { ...REGION, key: "region2", options: [] })).body.error.field).toBe("options");
      const list = await t().call("rep", "GET", "/api/v1/fields?entity=customer");
      expect(list.body.items.map((f: { key: string }) => f.key)).toEqual(["region", "headcount", "account_manager", "budget"]);
    });

    test("region becomes required; its options are edited (a new one added)", async () => {
      const r = await t().call("admin", "PATCH", `/api/v1/fields/${fields.region.id}`, {
        version: fields.region.version,
        required: true,
        options: [...REGION.options, { key: "south", labelZh: "华南", labelEn: "South" }],
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ required: true, version: 2 });
      expect(r.body.options.map((o: { key: string }) => o.key)).toEqual(["east", "north", "south"]);
      fields.region = r.body;
      expect((await t().call("admin", "PATCH", `/api/v1/fields/${fields.region.id}`, { version: 1, labelEn: "Stale" })).status).toBe(409);
    });
  });

  const ids: Record<string, number> = {};
  describe("values through the API", () => {
    test("set on create (a select by its label), returned as custom on the record", async () => {
      const r = await t().call("rep", "POST", "/api/v1/customers", {
        name: "华东一号有限公司",
        custom: { region: "华东", headcount: 120, account_manager: t().ids.rep, budget: 3_500_000 },
      });
      expect(r.status).toBe(201);
      expect(r.body.customer.custom).toEqual({ region: "east", headcount: 120, account_manager: t().ids.rep, budget: 3_500_000 });
      ids.east1 = r.body.customer.id;
      ids.east2 = (await t().call("rep", "POST", "/api/v1/customers", { name: "华东二号有限公司", custom: { region: "east" } })).body.customer.id;
      ids.north = (await t().call("rep", "POST", "/api/v1/customers", { name: "华北有限公司", custom: { region: "north" } })).body.customer.id;
      ids.otherEast = (await t().call("otherRep", "POST", "/api/v1/customers", { name: "别组华东有限公司", custom: { region: "east" } })).body.customer.id;
      const got = await t().call("rep", "GET", `/api/v1/customers/${ids.east2}`);
      expect(got.body.custom).toEqual({ region: "east", headcount: null, account_manager: null, budget: null });
    });

    const bad: Array<[string, Record<string, unknown> | undefined, string]> = [
      ["a required field missing", { headcount: 3 }, "custom.region"],
      ["no custom at all while one is required", undefined, "custom.region"],
      ["a select value not in the options", { region: "west" }, "custom.region"],
      ["a number that is not a number", { region: "east", headcount: "many" }, "custom.headcount"],
      ["an unknown user", { region: "east", account_manager: 999999 }, "custom.account_manager"],
      ["money that is not whole fen", { region: "east", budget: 10.5 }, "custom.budget"],
      ["a key that is no field", { region: "east", colour: "red" }, "custom.colour"],
    ];
    test.each(bad)("%s: 400 naming the field, nothing written", async (_, custom, field) => {
      const [customers, values] = [await count("customers"), await count("custom_values")];
      const r = await t().call("rep", "POST", "/api/v1/customers", { name: `坏数据 ${field}`, ...(custom ? { custom } : {}) });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: "INVALID", field });
      expect([await count("customers"), await count("custom_values")]).toEqual([customers, values]);
    });

    test("PATCH sets and clears values with the record's version and audit row; a bad one changes nothing", async () => {
      const cur = (await t().call("rep", "GET", `/api/v1/customers/${ids.east2}`)).body;
      const r = await t().call("rep", "PATCH", `/api/v1/customers/${ids.east2}`, { version: cur.version, custom: { headcount: 40 } });
      expect(r.status).toBe(200);
      expect(r.body.custom.headcount).toBe(40);
      expect(r.body.version).toBe(cur.version + 1);
      const trail = await t().call("rep", "GET", `/api/v1/audit?entity=customer&id=${ids.east2}`);
      expect(trail.body.items.some((a: { diff: unknown }) => JSON.stringify(a.diff).includes('"custom.headcount":[null,40]'))).toBe(true);
      const refused = await t().call("rep", "PATCH", `/api/v1/customers/${ids.east2}`, { version: r.body.version, notes: "x", custom: { region: null } });
      expect(refused.body.error).toMatchObject({ code: "INVALID", field: "custom.region" });
      const after = (await t().call("rep", "GET", `/api/v1/customers/${ids.east2}`)).body;
      expect([after.version, after.notes, after.custom.region]).toEqual([r.body.version, null, "east"]);
    });

    test("another department's rep cannot see the record nor its values (404)", async () => {
      expect((await t().call("otherRep", "GET", `/api/v1/customers/${ids.east1}`)).status).toBe(404);
      const cur = (await t().call("admin", "GET", `/api/v1/customers/${ids.east1}`)).body;
      expect((await t().call("otherRep", "PATCH", `/api/v1/customers/${ids.east1}`, { version: cur.version, custom: { headcount: 1 } })).status).toBe(404);
    });

    test("opportunities, contacts and activities carry their own fields", async () => {
      const o = await t().call("rep", "POST", "/api/v1/opportunities", {
        customerId: ids.east1,
        pipelineId,
        title: "华东扩容",
        amountFen: 1_000_000,
        custom: { deal_type: "续约" },
      });
      expect(o.status).toBe(201);
      expect(o.body.custom).toEqual({ deal_type: "renewal" });
      ids.opp1 = o.body.id;
      ids.opp2 = (
        await t().call("rep", "POST", "/api/v1/opportunities", {
          customerId: ids.east2,
          pipelineId,
          title: "华东新购",
          amountFen: 250_000,
          custom: { deal_type: "new" },
        })
      ).body.id;
      ids.opp3 = (await t().call("rep", "POST", "/api/v1/opportunities", { customerId: ids.north, pipelineId, title: "华北新购", amountFen: 700_000 })).body.id;
      const k = await t().call("rep", "POST", "/api/v1/contacts", { customerId: ids.east1, name: "王经理", custom: { birthday: "1980-02-29" } });
      expect(k.body.custom).toEqual({ birthday: "1980-02-29" });
      expect(
        (await t().call("rep", "POST", "/api/v1/contacts", { customerId: ids.east1, name: "李经理", custom: { birthday: "1981-02-29" } })).body.error.field,
      ).toBe("custom.birthday");
      const a = await t().call("rep", "POST", "/api/v1/activities", {
        kind: "visit",
        customerId: ids.east1,
        plannedAt: "2026-06-16T10:00:00+08:00",
        custom: { mood: "积极" },
      });
      expect(a.body.custom).toEqual({ mood: "warm" });
      const edited = await t().call("rep", "PATCH", `/api/v1/activities/${a.body.id}`, { version: a.body.version, custom: { mood: "cold" } });
      expect(edited.body.custom).toEqual({ mood: "cold" });
      const c360 = await t().call("rep", "GET", `/api/v1/customers/${ids.east1}`);
      expect(c360.body.contacts.map((x: { name: string; custom: unknown }) => [x.name, x.custom])).toEqual([["王经理", { birthday: "1980-02-29" }]]);
      const born = await t().call("rep", "GET", `/api/v1/contacts?customer=${ids.east1}&cf.birthday=1980-01-01..1980-12-31`);
      expect(born.body.items.map((x: { name: string }) => x.name)).toEqual(["王经理"]);
      expect((await t().call("rep", "GET", `/api/v1/contacts?customer=${ids.east1}&cf.birthday=..1979-12-31`)).body.items).toEqual([]);
      const detail = await t().call("rep", "GET", `/api/v1/opportunities/${ids.opp1}`);
      expect(detail.body.custom).toEqual({ deal_type: "renewal" });
    });
  });

  describe("filters", () => {
    test("?cf.region=华东 lists the viewer's east customers, page by page with keyset cursors", async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const r: { status: number; body: { items: Array<{ id: number; custom: { region: string } }>; nextCursor: string | null } } = await t().call(
          "rep",
          "GET",
          `/api/v1/customers?limit=1&cf.region=${encodeURIComponent("华东")}${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(r.status).toBe(200);
        for (const c of r.body.items) {
          expect(c.custom.region).toBe("east");
          seen.push(c.id);
        }
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual([ids.east1, ids.east2].sort());
      const admin = await t().call("admin", "GET", "/api/v1/customers?cf.region=east,north&limit=50");
      expect(admin.body.items.map((c: { id: number }) => c.id).sort()).toEqual([ids.east1, ids.east2, ids.north, ids.otherEast].sort());
      expect((await t().call("admin", "GET", "/api/v1/customers?cf.headcount=100..200")).body.items.map((c: { id: number }) => c.id)).toEqual([ids.east1]);
      expect((await t().call("rep", "GET", "/api/v1/customers?cf.region=west")).body.error.field).toBe("cf.region");
      expect((await t().call("rep", "GET", "/api/v1/customers?cf.nope=1")).status).toBe(400);
    });

    test("opportunity and activity lists filter by their own fields; the customer's field by custom=key:value", async () => {
      const own = await t().call("rep", "GET", "/api/v1/opportunities?cf.deal_type=new");
      expect(own.body.items.map((o: { id: number }) => o.id)).toEqual([ids.opp2]);
      const byCustomer = await t().call("rep", "GET", "/api/v1/opportunities?custom=region:east&sort=amount");
      expect(byCustomer.body.items.map((o: { id: number }) => o.id)).toEqual([ids.opp2, ids.opp1]);
      const acts = await t().call("rep", "GET", "/api/v1/activities?cf.mood=cold");
      expect(acts.body.items).toHaveLength(1);
    });

    test("a report cut by the customer's field: the funnel of east customers holds their two deals", async () => {
      const all = await t().call("rep", "GET", `/api/v1/reports/funnel?pipeline=${pipelineId}`);
      expect(all.body.total).toMatchObject({ count: 3, amountFen: 1_000_000 + 250_000 + 700_000 });
      const east = await t().call("rep", "GET", `/api/v1/reports/funnel?pipeline=${pipelineId}&custom=region:east`);
      expect(east.status).toBe(200);
      expect(east.body.total).toMatchObject({ count: 2, amountFen: 1_000_000 + 250_000 });
      const north = await t().call("rep", "GET", `/api/v1/reports/funnel?pipeline=${pipelineId}&custom=region:north`);
      expect(north.body.total).toMatchObject({ count: 1, amountFen: 700_000 });
    });
  });

  test("cut=custom.region: the funnel once per option, each group as the filtered report, adding up to the whole", async () => {
    const r = await t().call("rep", "GET", `/api/v1/reports/funnel?pipeline=${pipelineId}&cut=custom.region`);
    expect(r.status).toBe(200);
    expect(
      r.body.cut.groups.map((g: { key: string; report: { total: { count: number; amountFen: number } } }) => [
        g.key,
        g.report.total.count,
        g.report.total.amountFen,
      ]),
    ).toEqual([
      ["east", 2, 1_250_000],
      ["north", 1, 700_000],
      ["south", 0, 0],
    ]);
    expect(r.body.total.count).toBe(3);
    const pareto = await t().call("admin", "GET", "/api/v1/reports/pareto?cut=custom.region");
    expect(pareto.status).toBe(200);
    expect(pareto.body.cut.groups.map((g: { key: string }) => g.key)).toEqual(["east", "north", "south"]);
    expect((await t().call("rep", "GET", `/api/v1/reports/funnel?pipeline=${pipelineId}&cut=custom.headcount`)).body.error).toMatchObject({
      code: "INVALID",
      field: "cut",
    });
    expect((await t().call("rep", "GET", `/api/v1/reports/pyramid?cut=region`)).status).toBe(400);
  });

  describe("import and export", () => {
    test("an import sets values by key or label headers; a bad cell is a row error naming row and column, nothing written", async () => {
      const before = await count("customers");
      const bad = await upload(
        t(),
        "rep",
        "/api/v1/import/customers?wait=1",
        "external_id,name,大区,员工人数\nI1,导入一号有限公司,华北,10\nI2,导入二号有限公司,西部,很多",
      );
      expect(bad.body.status).toBe("failed");
      expect(bad.body.errors).toEqual([
        { row: 3, column: "custom.region", reason: expect.stringMatching(/must be one of east, north, south/) },
        { row: 3, column: "custom.headcount", reason: "很多 is not a number" },
      ]);
      expect(await count("customers")).toBe(before);
      const ok = await upload(
        t(),
        "rep",
        "/api/v1/import/customers?wait=1",
        "external_id,name,Sales region,headcount,年度预算\nI1,导入一号有限公司,华北,10,3.5万\nI2,导入二号有限公司,south,20,",
      );
      expect(ok.body).toMatchObject({ status: "done", inserted: 2 });
      const listed = await t().call("rep", "GET", "/api/v1/customers?cf.region=north&limit=50");
      const byName = Object.fromEntries(listed.body.items.map((c: { name: string; custom: unknown }) => [c.name, c.custom]));
      expect(byName["导入一号有限公司"]).toEqual({ region: "north", headcount: 10, account_manager: null, budget: 3_500_000 });
      // a re-import changes the value of an existing record
      await upload(t(), "rep", "/api/v1/import/customers?wait=1", "external_id,name,custom.region\nI1,导入一号有限公司,east");
      expect((await t().call("rep", "GET", "/api/v1/customers?cf.region=north")).body.items.map((c: { name: string }) => c.name)).toEqual(["华北有限公司"]);
    });

    test("a new record left without a required field is a row error; an existing one need not carry the column", async () => {
      const before = await count("customers");
      const missing = await upload(t(), "rep", "/api/v1/import/customers?wait=1", "external_id,name\nI1,导入一号有限公司\nI9,导入九号有限公司");
      expect(missing.body.status).toBe("failed");
      expect(missing.body.errors).toEqual([{ row: 3, column: "custom.region", reason: expect.stringMatching(/大区 is required/) }]);
      expect(await count("customers")).toBe(before);
      const existingOnly = await upload(t(), "rep", "/api/v1/import/customers?wait=1", "external_id,name\nI1,导入一号有限公司");
      expect(existingOnly.body).toMatchObject({ status: "done", inserted: 0 });
      expect(await count("customers")).toBe(before);
    });

    test("opportunities, contacts and activities import their own fields; the chunk's values are audited", async () => {
      const o = await upload(
        t(),
        "rep",
        "/api/v1/import/opportunities?wait=1",
        "external_id,title,customer_external_id,pipeline,stage,amount,created_at,交易类型\nIO1,导入商机,I1,crm5,lead,1万,2026-06-01,续约\nIO2,导入商机二,I2,crm5,lead,2万,2026-06-01,新购",
      );
      expect(o.body.errors).toEqual([]);
      expect(o.body).toMatchObject({ status: "done", inserted: 2 });
      expect((await t().call("rep", "GET", "/api/v1/opportunities?cf.deal_type=renewal")).body.items.map((x: { title: string }) => x.title).sort()).toEqual(
        ["华东扩容", "导入商机"].sort(),
      );
      const k = await upload(
        t(),
        "rep",
        "/api/v1/import/contacts?wait=1",
        "external_id,customer_external_id,name,生日\nIK1,I1,赵工,1990-05-04\nIK2,I1,钱工,1990-13-04",
      );
      expect(k.body.errors).toEqual([{ row: 3, column: "custom.birthday", reason: expect.any(String) }]);
      const a = await upload(
        t(),
        "rep",
        "/api/v1/import/activities?wait=1",
        "external_id,kind,customer_external_id,planned_at,客户态度\nIA1,visit,I1,2026-06-20 10:00,冷淡",
      );
      expect(a.body).toMatchObject({ status: "done", inserted: 1 });
      expect((await t().call("rep", "GET", "/api/v1/activities?cf.mood=cold")).body.items).toHaveLength(2);
      const audit = await t().db.selectFrom("audit_log").select(["entity", "diff"]).where("action", "=", "import_custom").execute();
      expect(audit.map((x) => x.entity).sort()).toEqual(["activity", "customer", "customer", "opportunity"]); // the refused files wrote none
    });

    test("the export has a custom.<key> column per field, in the import's cell format", async () => {
      const res = await t().app.inject({ method: "GET", url: "/api/v1/export/customers?format=csv", headers: { authorization: `Bearer ${t().tokens.rep}` } });
      expect(res.statusCode).toBe(200);
      const lines = res.body
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n")
        .map((l) => l.split(","));
      const header = lines[0];
      expect(header.slice(-4)).toEqual(["custom.region", "custom.headcount", "custom.account_manager", "custom.budget"]);
      const row = lines.find((l) => l[1] === "华东一号有限公司")!;
      expect(row.slice(-4)).toEqual(["east", "120", "rep@test.jindou", "35000"]);
      expect(lines.some((l) => l[1] === "别组华东有限公司")).toBe(false);
    });
  });

  describe("changing a field", () => {
    test("a type change that every value survives converts them; one that some do not is refused (409) and changes nothing", async () => {
      const h = (await t().call("admin", "GET", "/api/v1/fields?entity=customer")).body.items.find((f: { key: string }) => f.key === "headcount");
      const toText = await t().call("admin", "PATCH", `/api/v1/fields/${h.id}`, { version: h.version, type: "text" });
      expect(toText.status).toBe(200);
      expect((await t().call("rep", "GET", `/api/v1/customers/${ids.east1}`)).body.custom.headcount).toBe("120");
      const back = await t().call("admin", "PATCH", `/api/v1/fields/${h.id}`, { version: toText.body.version, type: "number" });
      expect(back.status).toBe(200);
      expect((await t().call("rep", "GET", `/api/v1/customers/${ids.east1}`)).body.custom.headcount).toBe(120);
      const r = fields.region;
      const toMoney = await t().call("admin", "PATCH", `/api/v1/fields/${r.id}`, { version: r.version, type: "money", options: [] });
      expect(toMoney.status).toBe(409);
      expect(toMoney.body.error.code).toBe("FIELD_TYPE_UNCONVERTIBLE");
      const dropEast = await t().call("admin", "PATCH", `/api/v1/fields/${r.id}`, { version: r.version, options: REGION.options.slice(1) });
      expect(dropEast.body.error.code).toBe("FIELD_OPTION_IN_USE");
      expect((await t().call("rep", "GET", `/api/v1/customers/${ids.east1}`)).body.custom.region).toBe("east");
    });

    test("deactivating keeps the values: hidden while inactive, back when reactivated", async () => {
      const r = (await t().call("admin", "GET", "/api/v1/fields?entity=customer")).body.items.find((f: { key: string }) => f.key === "budget");
      const off = await t().call("admin", "PATCH", `/api/v1/fields/${r.id}`, { version: r.version, active: false });
      expect(off.body.active).toBe(false);
      expect((await t().call("rep", "GET", `/api/v1/customers/${ids.east1}`)).body.custom).not.toHaveProperty("budget");
      await t().call("admin", "PATCH", `/api/v1/fields/${r.id}`, { version: off.body.version, active: true });
      expect((await t().call("rep", "GET", `/api/v1/customers/${ids.east1}`)).body.custom.budget).toBe(3_500_000);
    });
  });

  test("the OpenAPI document describes /fields and the custom object of each entity's bodies", async () => {
    const doc = JSON.parse((await t().app.inject({ method: "GET", url: "/api/docs/json" })).body);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/fields", "/api/v1/fields/{id}"]));
    for (const [path, entity] of [
      ["/api/v1/customers", "customer"],
      ["/api/v1/contacts", "contact"],
      ["/api/v1/opportunities", "opportunity"],
      ["/api/v1/activities", "activity"],
    ]) {
      const custom = doc.paths[path].post.requestBody.content["application/json"].schema.properties.custom;
      expect(custom.description).toContain(`Custom fields of the ${entity}`);
      expect(custom.additionalProperties).toBeTruthy();
    }
  });
});

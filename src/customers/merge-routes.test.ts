/**
 * Merging duplicates on both engines: the duplicates list, refusals that change nothing, every child row moved (checked
 * over every table of the live schema with a customer_id / contact_id column), aliases for a re-import, audit, read models.
 */
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import { tablesWithColumn } from "../db/referencing-tables";
import { forEachApp, type TestApp } from "../http/testing";
import { CUSTOMERS_CSV } from "../import/fixtures";
import { installDefaults } from "../pipelines/install";
import { refreshCustomerMonths } from "../readmodels/customer-months";

/** The tables that point at a customer or a contact today. A new one: make sure the merge moves it (a unique key
 * with customer_id needs an entry in merge-store.ts's COLLIDING, a read model one in DERIVED), seed it below, add it here. */
const CUSTOMER_TABLES = [
  "activities",
  "contacts",
  "contracts",
  "customer_first_deals",
  "customer_months",
  "kaism_scores",
  "opportunities",
  "opportunity_reach",
  "orders",
  "pool_events",
  "pool_warnings",
  "satisfaction",
  "signed_customers",
  "stage_visits",
  "tier_assignments",
];
const CONTACT_TABLES = ["activities"];

const count = async (t: TestApp, table: string, where: ReturnType<typeof sql>) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(t.db)).rows[0].n);

async function upload(t: TestApp, url: string, body: string) {
  const res = await t.app.inject({
    method: "POST",
    url,
    payload: Buffer.from(body),
    headers: { authorization: `Bearer ${t.tokens.admin}`, "content-type": "text/csv" },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

forEachApp("merging duplicates", (t) => {
  let source: number; // C001 from the import: 上海金豆科技有限公司, owner rep
  let target: number; // the same company typed again by rep
  let seeded: Record<string, number>;
  let sourceContact: number;
  let targetContact: number;

  beforeAll(async () => {
    const { db, ids, clock } = t();
    await installDefaults(db, clock.now);
    expect((await upload(t(), "/api/v1/import/customers?wait=1", CUSTOMERS_CSV)).body.status).toBe("done");
    source = (await db.selectFrom("customers").select("id").where("external_id", "=", "C001").executeTakeFirstOrThrow()).id;
    // custom fields: the survivor keeps its own value of a field and takes the source's of fields it has none of
    for (const key of ["tier_note", "account_code"])
      expect((await t().call("admin", "POST", "/api/v1/fields", { entity: "customer", key, labelZh: key, labelEn: key, type: "text" })).status).toBe(201);
    const c = await t().call("rep", "POST", "/api/v1/customers", { name: "上海 金豆科技（有限公司）", region: "上海", custom: { tier_note: "新录入" } });
    expect(c.status).toBe(201);
    target = c.body.customer.id;
    const crm5 = (await t().call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
    // children of the source, one row (at least) in every table that points at a customer
    const k = await t().call("rep", "POST", "/api/v1/contacts", { customerId: source, name: "李雷", phone: "13900001111", externalId: "K-LI" });
    sourceContact = k.body.id;
    targetContact = (await t().call("rep", "POST", "/api/v1/contacts", { customerId: target, name: "李雷", phone: "13900001111", email: "li@jindou.example" }))
      .body.id;
    const o = await t().call("rep", "POST", "/api/v1/opportunities", {
      customerId: source,
      pipelineId: crm5.id,
      title: "金豆 ERP",
      amountFen: 300_000_00,
      source: "inbound",
    });
    expect(o.status).toBe(201);
    await t().call("rep", "POST", "/api/v1/opportunities", {
      customerId: target,
      pipelineId: crm5.id,
      title: "金豆 CRM",
      amountFen: 100_000_00,
      source: "inbound",
    });
    expect(
      (
        await t().call("rep", "POST", "/api/v1/activities", {
          kind: "visit",
          customerId: source,
          contactId: sourceContact,
          opportunityId: o.body.id,
          subject: "拜访",
          doneAt: "2026-06-10T10:00:00+08:00",
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t().call("rep", "POST", "/api/v1/contracts", {
          customerId: source,
          number: "HT-1",
          signedDate: "2026-06-01",
          amountFen: 300_000_00,
          schedule: [{ dueDate: "2026-06-10", amountFen: 300_000_00 }],
        })
      ).status,
    ).toBe(201);
    const order = (cust: number, at: string, fen: number) => ({
      external_id: null,
      customer_id: cust,
      opportunity_id: null,
      ordered_at: Date.parse(at),
      amount_fen: fen,
      cost_fen: 0,
      units: 1,
      product: null,
      created_at: clock.now,
    });
    await db
      .insertInto("orders")
      .values([
        order(source, "2026-05-03T02:00:00Z", 30_000_00),
        order(source, "2026-05-20T02:00:00Z", 20_000_00),
        order(target, "2026-05-25T02:00:00Z", 5_000_00),
      ])
      .execute();
    await refreshCustomerMonths(db, [source, target]);
    const sv = (await t().call("rep", "GET", `/api/v1/customers/${source}`)).body.version;
    expect((await t().call("rep", "PATCH", `/api/v1/customers/${source}`, { version: sv, custom: { tier_note: "导入", account_code: "AC-1" } })).status).toBe(
      200,
    );
    await db.insertInto("tier_assignments").values({ customer_id: source, scheme: "abc", tier: "A", score: 1, computed_at: clock.now }).execute();
    await db.insertInto("satisfaction").values({ customer_id: source, kind: "nps", score: 9, note: null, at: clock.now, created_by: ids.rep }).execute();
    await db
      .insertInto("kaism_scores")
      .values([
        { customer_id: source, criterion: "strategic_fit", score: 2, updated_by: ids.rep, updated_at: clock.now },
        { customer_id: source, criterion: "volume", score: 4, updated_by: ids.rep, updated_at: clock.now },
        { customer_id: target, criterion: "strategic_fit", score: 5, updated_by: ids.rep, updated_at: clock.now },
      ])
      .execute();
    await db
      .insertInto("pool_events")
      .values({
        customer_id: source,
        pool_id: null,
        kind: "assign",
        from_user_id: null,
        to_user_id: ids.rep,
        rule: null,
        reason: null,
        actor_id: ids.admin,
        batch_id: null,
        at: clock.now,
      })
      .execute();
    await db
      .insertInto("pool_warnings")
      .values({ customer_id: source, owner_id: ids.rep, due_date: "2026-07-01", rule: "no_visit", activity_id: null, created_at: clock.now })
      .execute();
    await db
      .insertInto("notifications")
      .values({
        user_id: ids.rep,
        kind: "followup_overdue",
        params: "{}",
        link: `/customers/${source}`,
        dedupe_key: "m1",
        created_at: clock.now,
        read_at: null,
      })
      .execute();
    expect((await t().call("rep", "POST", `/api/v1/customers/${source}/shares`, { userId: ids.rep2, access: "read" })).status).toBe(201);
    // rep2 may change the survivor but only read the source
    expect((await t().call("rep", "POST", `/api/v1/customers/${target}/shares`, { userId: ids.rep2, access: "write" })).status).toBe(201);
    seeded = {};
    for (const table of await tablesWithColumn(db, "customer_id")) seeded[table] = await count(t(), table, sql`customer_id = ${source}`);
  }, 60_000);

  test("every table with a customer_id or contact_id column is known to this test and seeded for the source", async () => {
    expect(await tablesWithColumn(t().db, "customer_id")).toEqual(CUSTOMER_TABLES);
    expect(await tablesWithColumn(t().db, "contact_id")).toEqual(CONTACT_TABLES);
    for (const table of CUSTOMER_TABLES) expect(seeded[table], table).toBeGreaterThan(0);
  });

  test("the duplicates page lists the pair to those who see both; another department's rep sees nothing", async () => {
    const r = await t().call("rep", "GET", "/api/v1/customers/duplicate-pairs");
    expect(r.status).toBe(200);
    expect(
      r.body.items.map((p: { target: { id: number }; source: { id: number }; reasons: string[] }) => [p.target.id, p.source.id, p.reasons.sort()]),
    ).toEqual([[source, target, ["marked", "name"]]]);
    expect((await t().call("otherRep", "GET", "/api/v1/customers/duplicate-pairs")).body.items).toEqual([]);
    const k = await t().call("rep", "GET", "/api/v1/contacts/duplicate-pairs");
    expect(k.body.items.map((p: { target: { id: number }; source: { id: number }; reasons: string[] }) => [p.target.id, p.source.id, p.reasons])).toEqual([
      [sourceContact, targetContact, ["phone"]],
    ]);
  });

  test("bad input is a 4xx naming the field, and changes nothing", async () => {
    const versions = async () =>
      (await t().db.selectFrom("customers").select(["id", "version"]).where("id", "in", [source, target]).orderBy("id").execute()).map((r) => r.version);
    const before = await versions();
    const moved = async () => count(t(), "opportunities", sql`customer_id = ${source}`);
    const cases: Array<[string, unknown, number, string]> = [
      ["rep", { intoId: source }, 400, "intoId"],
      ["otherRep", { intoId: target }, 404, ""],
      ["rep", { intoId: 999_999 }, 404, "intoId"],
      ["rep", { intoId: target, version: before[0] - 1 }, 409, "version"],
      ["rep", { intoId: target, intoVersion: before[1] + 5 }, 409, "intoVersion"],
      ["rep", { intoId: target, keep: { version: "source" } }, 400, "keep.version"],
      ["rep", { intoId: target, keep: { name: "both" } }, 400, "keep.name"],
      ["rep2", { intoId: target }, 403, "id"], // rep2 sees the source only through a read-only share
    ];
    for (const [who, body, status, field] of cases) {
      const r = await t().call(who as "rep", "POST", `/api/v1/customers/${source}/merge`, body);
      expect(r.status, JSON.stringify([who, body, r.body])).toBe(status);
      if (field) expect(r.body.error.field).toBe(field);
      expect(r.body.error.code).toBeTruthy();
    }
    expect(await versions()).toEqual(before);
    expect(await moved()).toBe(1);
  });

  test("a merge moves every child row, keeps the picked fields, and leaves no row pointing at the source", async () => {
    const { db } = t();
    const v = await db.selectFrom("customers").select(["id", "version"]).where("id", "in", [source, target]).execute();
    const ver = (id: number) => v.find((x) => x.id === id)!.version;
    const r = await t().call("rep", "POST", `/api/v1/customers/${source}/merge`, {
      intoId: target,
      version: ver(source),
      intoVersion: ver(target),
      keep: { name: "source", creditCode: "source", industry: "source", region: "target" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.customer).toMatchObject({
      id: target,
      name: "上海金豆科技有限公司",
      creditCode: "91350100M000100Y43",
      industry: "制造",
      region: "上海",
      externalId: null,
      version: ver(target) + 1,
      duplicateOf: null,
    });
    // what moved: the seeded rows (kaism: the source's strategic_fit collides with the survivor's and is dropped)
    expect(r.body.moved).toMatchObject({
      contacts: 1,
      opportunities: 1,
      activities: 1,
      contracts: 1,
      orders: 2,
      tier_assignments: 1,
      satisfaction: 1,
      kaism_scores: 1,
      pool_events: 1,
      pool_warnings: 1,
      custom_values: 1,
    });
    expect((await t().call("rep", "GET", `/api/v1/customers/${source}`)).status).toBe(404);
    // no orphan anywhere: every row of every table with customer_id names an existing customer, none the source
    for (const table of await tablesWithColumn(db, "customer_id")) {
      expect(await count(t(), table, sql`customer_id = ${source}`), table).toBe(0);
      expect(await count(t(), table, sql`customer_id not in (select id from customers)`), table).toBe(0);
    }
    expect(await count(t(), "record_shares", sql`entity = 'customer' and entity_id = ${source}`)).toBe(0);
    expect(await count(t(), "custom_values", sql`entity = 'customer' and record_id = ${source}`)).toBe(0);
    const custom = await db
      .selectFrom("custom_values as v")
      .innerJoin("custom_fields as f", "f.id", "v.field_id")
      .select(["f.key", "v.text_value"])
      .where("v.entity", "=", "customer")
      .where("v.record_id", "=", target)
      .orderBy("f.key")
      .execute();
    expect(custom).toEqual([
      { key: "account_code", text_value: "AC-1" },
      { key: "tier_note", text_value: "新录入" },
    ]);
    // rep2's read share on the source gives way to the write share rep2 already has on the survivor
    expect(await count(t(), "record_shares", sql`entity = 'customer' and entity_id = ${target}`)).toBe(1);
    expect(await count(t(), "notifications", sql`link = ${`/customers/${target}`}`)).toBe(1);
    expect(await count(t(), "kaism_scores", sql`customer_id = ${target} and criterion = 'strategic_fit' and score = 5`)).toBe(1);
    // the survivor's 360 shows both records' children
    const c = (await t().call("rep", "GET", `/api/v1/customers/${target}`)).body;
    expect(c.contacts).toHaveLength(2);
    expect(c.opportunities.map((o: { title: string }) => o.title).sort()).toEqual(["金豆 CRM", "金豆 ERP"]);
    // read models: May's months hold both customers' orders (300 000 + 200 000 + 50 000 fen yuan×100), the source has none
    const months = await db
      .selectFrom("customer_months")
      .select(["customer_id", "orders", "amount_fen"])
      .where("customer_id", "in", [source, target])
      .execute();
    expect(months).toEqual([{ customer_id: target, orders: 3, amount_fen: 55_000_00 }]);
    expect(await count(t(), "stage_visits", sql`customer_id = ${target}`)).toBe(2);
    // the signed-customers fact follows the source's contract (unpaid, due 2026-06-10) to the survivor
    const signed = await sql<Record<string, unknown>>`select customer_id, contracts, outstanding_fen, open_due_day from signed_customers
      where customer_id in (${source}, ${target})`.execute(db);
    expect(signed.rows.map((r) => Object.values(r).map(Number))).toEqual([[target, 1, 300_000_00, Date.UTC(2026, 5, 10) / 86_400_000]]);
    // the first-deal fact: the survivor's is its earliest deal of both records', the source has none
    expect(await count(t(), "customer_first_deals", sql`customer_id = ${source}`)).toBe(0);
    const first = await db.selectFrom("customer_first_deals").select(["first_at"]).where("customer_id", "=", target).execute();
    const earliest = await db
      .selectFrom("opportunities")
      .select((eb) => eb.fn.min<number>("created_at").as("m"))
      .where("customer_id", "=", target)
      .executeTakeFirst();
    expect(first.map((f) => Number(f.first_at))).toEqual([Number(earliest?.m)]);
    // audited, readable by whoever sees the survivor
    const trail = await t().call("rep", "GET", `/api/v1/audit?entity=customer&id=${target}`);
    expect(trail.body.items[0]).toMatchObject({ action: "merge", diff: { from: source, kept: { name: "source", creditCode: "source", industry: "source" } } });
    // search finds the survivor by the merged name's pinyin
    const s = await t().call("rep", "GET", "/api/v1/search?q=shjdkj");
    expect(s.body.items.map((i: { kind: string; id: number }) => `${i.kind}:${i.id}`)).toEqual([`customer:${target}`]);
  });

  test("re-importing the file after the merge finds the survivor by the merged record's external id", async () => {
    const before = await count(t(), "customers", sql`1 = 1`);
    const r = await upload(t(), "/api/v1/import/customers?wait=1", CUSTOMERS_CSV);
    expect(r.body).toMatchObject({ status: "done", inserted: 0, errors: [] });
    expect(await count(t(), "customers", sql`1 = 1`)).toBe(before);
    const survivor = await t().db.selectFrom("customers").select(["external_id", "name", "credit_code"]).where("id", "=", target).executeTakeFirstOrThrow();
    // the survivor keeps its own external id (none), and the file's values landed on it
    expect(survivor).toEqual({ external_id: null, name: "上海金豆科技有限公司", credit_code: "91350100M000100Y43" });
    // an opportunity file naming customer C001 lands on the survivor too
    const o = await upload(
      t(),
      "/api/v1/import/opportunities?wait=1",
      "external_id,title,customer_external_id,owner_email,pipeline,stage,amount,created_at\nO-M1,合并后的商机,C001,rep@test.jindou,crm5,lead,1万,2026-06-01",
    );
    expect(o.body, JSON.stringify(o.body)).toMatchObject({ status: "done", inserted: 1 });
    expect(await count(t(), "opportunities", sql`external_id = 'O-M1' and customer_id = ${target}`)).toBe(1);
  });

  test("merging contacts moves their activities and keeps the external id as an alias", async () => {
    const k = await t().db.selectFrom("contacts").select(["id", "version"]).where("id", "in", [sourceContact, targetContact]).execute();
    const bad = await t().call("otherRep", "POST", `/api/v1/contacts/${sourceContact}/merge`, { intoId: targetContact });
    expect(bad.status).toBe(404);
    const r = await t().call("rep", "POST", `/api/v1/contacts/${sourceContact}/merge`, {
      intoId: targetContact,
      version: k.find((x) => x.id === sourceContact)!.version,
      keep: { externalId: "source", email: "target" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.contact).toMatchObject({ id: targetContact, externalId: "K-LI", email: "li@jindou.example", phone: "13900001111" });
    expect(r.body.moved).toEqual({ activities: 1 });
    for (const table of await tablesWithColumn(t().db, "contact_id")) {
      expect(await count(t(), table, sql`contact_id = ${sourceContact}`), table).toBe(0);
      expect(await count(t(), table, sql`contact_id is not null and contact_id not in (select id from contacts)`), table).toBe(0);
    }
    const alias = await t().db.selectFrom("external_id_aliases").select(["alias", "target_id"]).where("entity", "=", "contacts").execute();
    expect(alias).toEqual([{ alias: `jindou:contacts:${sourceContact}`, target_id: targetContact }]);
  });
});

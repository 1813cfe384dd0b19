/** Transfers over the API and offboarding: deals and open activities travel, refusals change nothing, one batch id. */
import { expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { addCustomer, ownedCount } from "../pools/test-store";
import { offboardUser } from "./transfer-store";

const opp = (customerId: number, ownerId: number, status: "open" | "won" | "lost") =>
  ({
    pipeline_id: 1,
    stage_id: 1,
    customer_id: customerId,
    owner_id: ownerId,
    title: `${status}商机`,
    amount_fen: 100,
    units: 1,
    status,
    closed_at: status === "open" ? null : TEST_NOW,
    stage_entered_at: TEST_NOW,
    created_at: TEST_NOW,
    updated_at: TEST_NOW,
    external_id: null,
    product: null,
    expected_close_date: null,
    source: null,
    probability_override: null,
    lost_reason: null,
  }) as never;
const act = (customerId: number, ownerId: number, done: boolean) => ({
  kind: "call",
  customer_id: customerId,
  owner_id: ownerId,
  done_at: done ? TEST_NOW : null,
  planned_at: TEST_NOW,
  created_at: TEST_NOW,
  updated_at: TEST_NOW,
  external_id: null,
  contact_id: null,
  opportunity_id: null,
  subject: done ? "已完成" : "待办",
  met_person: null,
  met_title: null,
  outcome: null,
  next_follow_up_at: null,
});

forEachApp("transfers", (t) => {
  const book = async (ownerId: number) => {
    const { db } = t();
    const c = await addCustomer(db, { ownerId, at: TEST_NOW });
    const open = (
      await db
        .insertInto("opportunities")
        .values(opp(c, ownerId, "open"))
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const won = (
      await db
        .insertInto("opportunities")
        .values(opp(c, ownerId, "won"))
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const todo = (
      await db
        .insertInto("activities")
        .values(act(c, ownerId, false))
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const done = (
      await db
        .insertInto("activities")
        .values(act(c, ownerId, true))
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    return { c, open, won, todo, done };
  };
  const ownerOf = async (table: "customers" | "opportunities" | "activities", id: number) =>
    (await t().db.selectFrom(table).select("owner_id").where("id", "=", id).executeTakeFirstOrThrow()).owner_id;

  test("a manager transfers a customer with its deals: open deals and open activities move, won deals and done activities stay; one batch id", async () => {
    const { ids } = t();
    const b = await book(ids.rep);
    const r = await t().call("manager", "POST", "/api/v1/customers/transfer", {
      ids: [b.c],
      toUserId: ids.rep2,
      withOpportunities: true,
      withContacts: true,
      withActivities: true,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ customers: 1, opportunities: 1, activities: 1 });
    expect([
      await ownerOf("customers", b.c),
      await ownerOf("opportunities", b.open),
      await ownerOf("opportunities", b.won),
      await ownerOf("activities", b.todo),
      await ownerOf("activities", b.done),
    ]).toEqual([ids.rep2, ids.rep2, ids.rep, ids.rep2, ids.rep]);
    const audit = await t()
      .db.selectFrom("audit_log")
      .select(["entity", "entity_id", "batch_id"])
      .where("batch_id", "=", r.body.batchId)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.entity, a.entity_id])).toEqual([
      ["customer", b.c],
      ["opportunity", b.open],
    ]);
  });

  test("without deals only the customer moves", async () => {
    const { ids } = t();
    const b = await book(ids.rep);
    await t().call("manager", "POST", "/api/v1/customers/transfer", { ids: [b.c], toUserId: ids.rep2, withOpportunities: false, withActivities: false });
    expect([await ownerOf("customers", b.c), await ownerOf("opportunities", b.open), await ownerOf("activities", b.todo)]).toEqual([
      ids.rep2,
      ids.rep,
      ids.rep,
    ]);
  });

  test("refused whole: to an inactive user; with one customer the manager cannot see; by a rep to someone else", async () => {
    const { ids, db } = t();
    const mine = await book(ids.rep);
    const theirs = await book(ids.otherRep);
    const { id: gone } = await db
      .insertInto("users")
      .values({
        email: `gone${t().kind}@test.jindou`,
        name: "离职",
        password_hash: "x",
        role: "rep",
        team_id: null,
        department_id: null,
        locale: "zh-CN",
        active: 0,
        created_at: TEST_NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const inactive = await t().call("admin", "POST", "/api/v1/customers/transfer", { ids: [mine.c], toUserId: gone });
    expect(inactive.status).toBe(409);
    expect(inactive.body.error).toMatchObject({ code: "TRANSFER_INACTIVE_USER", field: "toUserId" });
    const across = await t().call("manager", "POST", "/api/v1/customers/transfer", { ids: [mine.c, theirs.c], toUserId: ids.rep2 });
    expect(across.status).toBe(404);
    expect(across.body.error.message).toContain(`#${theirs.c}`);
    const byRep = await t().call("rep", "POST", "/api/v1/customers/transfer", { ids: [mine.c], toUserId: ids.rep2 });
    expect(byRep.status).toBe(403);
    const outOfScope = await t().call("manager", "POST", "/api/v1/customers/transfer", { ids: [mine.c], toUserId: ids.otherRep });
    expect(outOfScope.status).toBe(403);
    expect([await ownerOf("customers", mine.c), await ownerOf("customers", theirs.c), await ownerOf("opportunities", mine.open)]).toEqual([
      ids.rep,
      ids.otherRep,
      ids.rep,
    ]);
  });

  test("a transfer keeps the receiver within their pool's holding cap (保有量): over it nothing moves, within it all do", async () => {
    const { ids, db } = t();
    const { id: pool } = await db
      .insertInto("pools")
      .values({
        name: `保有量池${t().kind}`,
        is_default: 0,
        daily_claim_cap: null,
        cooldown_days: null,
        hold_cap: 3,
        hold_counts_won: 1,
        lock_cap: null,
        created_at: TEST_NOW,
        updated_at: TEST_NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const held = async () => await ownedCount(db, ids.rep2);
    // the receiver already holds some customers; fill up to one below the cap of 3
    while ((await held()) < 2) await addCustomer(db, { ownerId: ids.rep2, at: TEST_NOW });
    const two = [
      await addCustomer(db, { ownerId: ids.rep, poolId: pool, at: TEST_NOW }),
      await addCustomer(db, { ownerId: ids.rep, poolId: pool, at: TEST_NOW }),
    ];
    const over = await t().call("manager", "POST", "/api/v1/customers/transfer", { ids: two, toUserId: ids.rep2 });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: "POOL_HOLD_CAP", field: "toUserId" });
    expect(over.body.error.params).toMatchObject({ cap: 3, held: 2, adding: 2, poolId: pool });
    expect([await ownerOf("customers", two[0]), await ownerOf("customers", two[1]), await held()]).toEqual([ids.rep, ids.rep, 2]);
    const within = await t().call("manager", "POST", "/api/v1/customers/transfer", { ids: [two[0]], toUserId: ids.rep2 });
    expect(within.status).toBe(200);
    expect([await ownerOf("customers", two[0]), await held()]).toEqual([ids.rep2, 3]);
    // a customer of a pool without a cap is not held back by another pool's cap
    const free = await addCustomer(db, { ownerId: ids.rep, at: TEST_NOW });
    expect((await t().call("manager", "POST", "/api/v1/customers/transfer", { ids: [free], toUserId: ids.rep2 })).status).toBe(200);
  });

  test("bulk opportunity transfer moves the named deals only", async () => {
    const { ids } = t();
    const a = await book(ids.rep);
    const r = await t().call("manager", "POST", "/api/v1/opportunities/transfer", { ids: [a.open, a.won], toUserId: ids.rep2 });
    expect(r.body).toMatchObject({ opportunities: 2 });
    expect([await ownerOf("opportunities", a.open), await ownerOf("opportunities", a.won), await ownerOf("customers", a.c)]).toEqual([
      ids.rep2,
      ids.rep2,
      ids.rep,
    ]);
  });

  test("offboarding moves every record of the leaving user and nothing else, then deactivates them", async () => {
    const { db, ids } = t();
    const { id: leaver } = await db
      .insertInto("users")
      .values({
        email: `leaver${t().kind}@test.jindou`,
        name: "离职代表",
        password_hash: "x",
        role: "rep",
        team_id: null,
        department_id: null,
        locale: "zh-CN",
        active: 1,
        created_at: TEST_NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const books = [await book(leaver), await book(leaver)];
    const snapshot = async () => ({
      customers: await db.selectFrom("customers").select(["id", "owner_id"]).where("owner_id", "!=", leaver).orderBy("id").execute(),
      opportunities: await db.selectFrom("opportunities").select(["id", "owner_id"]).where("owner_id", "!=", leaver).orderBy("id").execute(),
      activities: await db.selectFrom("activities").select(["id", "owner_id"]).where("owner_id", "!=", leaver).orderBy("id").execute(),
    });
    const before = await snapshot();
    const r = await offboardUser(db, ids.admin, leaver, ids.rep2, TEST_NOW);
    expect(r).toMatchObject({ customers: 2, opportunities: 4, activities: 4 });
    for (const table of ["customers", "opportunities", "activities"] as const)
      expect(await db.selectFrom(table).select("id").where("owner_id", "=", leaver).execute()).toEqual([]);
    for (const b of books)
      for (const [table, id] of [
        ["customers", b.c],
        ["opportunities", b.open],
        ["opportunities", b.won],
        ["activities", b.done],
      ] as const)
        expect(await ownerOf(table, id)).toBe(ids.rep2);
    const after = await snapshot();
    // ids are per table: a customer may share its id with a moved activity
    const movedIds = {
      customers: new Set(books.map((b) => b.c)),
      opportunities: new Set(books.flatMap((b) => [b.open, b.won])),
      activities: new Set(books.flatMap((b) => [b.todo, b.done])),
    };
    for (const table of ["customers", "opportunities", "activities"] as const)
      expect(after[table].filter((row) => !(movedIds[table].has(row.id) && row.owner_id === ids.rep2))).toEqual(before[table]);
    expect((await db.selectFrom("users").select("active").where("id", "=", leaver).executeTakeFirstOrThrow()).active).toBe(0);
    expect((await db.selectFrom("audit_log").select("id").where("batch_id", "=", r.batchId).execute()).length).toBe(2 + 4 + 1);
  });
});

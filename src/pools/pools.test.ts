/** The pool over the real API: release, claim, the race for one customer, caps under concurrency, assignment, masking. */
import { expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { defaultPoolId } from "./store";
import { addCustomer, addUsers, ownedCount } from "./test-store";

const DAY = 86_400_000;

forEachApp("customer pool", (t) => {
  const inject = (token: string, method: "POST" | "GET", url: string, body?: object) =>
    t()
      .app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}) })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));
  const pool = () => defaultPoolId(t().db, TEST_NOW);
  const rules = async (body: object) => {
    const r = await t().call("admin", "PUT", `/api/v1/pools/${await pool()}/rules`, body);
    expect(r.status).toBe(200);
  };

  test("a rep releases a customer with a reason; another rep of a member department claims it and owns it", async () => {
    await rules({ dailyClaimCap: null, cooldownDays: 7, holdCap: null });
    const { ids } = t();
    const id = await addCustomer(t().db, { ownerId: ids.rep, at: TEST_NOW - 30 * DAY });
    await t()
      .db.insertInto("contacts")
      .values({
        customer_id: id,
        name: "王经理",
        phone: "13812345678",
        email: "wang@example.cn",
        created_at: TEST_NOW,
        updated_at: TEST_NOW,
        external_id: null,
        title: null,
        decision_role: null,
        notes: null,
      })
      .execute();
    expect((await t().call("rep", "POST", `/api/v1/customers/${id}/release`, { reason: "" })).status).toBe(400);
    const rel = await t().call("rep", "POST", `/api/v1/customers/${id}/release`, { reason: "客户暂无需求" });
    expect(rel.status).toBe(200);
    expect((await t().call("rep", "GET", `/api/v1/customers/${id}`)).status).toBe(200); // still a pool member
    const listed = await t().call("otherRep", "GET", `/api/v1/pools/${await pool()}/customers?limit=500`);
    const row = listed.body.items.find((c: { id: number }) => c.id === id);
    expect(row).toMatchObject({ previousOwnerId: ids.rep, how: "release", reason: "客户暂无需求" });
    const seen = await t().call("otherRep", "GET", `/api/v1/customers/${id}`);
    expect(seen.body).toMatchObject({ inPool: true, contactsMasked: true });
    expect(seen.body.contacts[0]).toMatchObject({ phone: "138****5678", email: "w***@example.cn" });
    const claim = await t().call("otherRep", "POST", `/api/v1/customers/${id}/claim`);
    expect(claim.status).toBe(200);
    const after = await t().call("otherRep", "GET", `/api/v1/customers/${id}`);
    expect(after.body).toMatchObject({ ownerId: ids.otherRep, inPool: false, contactsMasked: false });
    expect(after.body.contacts[0].phone).toBe("13812345678");
    expect((await t().call("rep", "GET", `/api/v1/customers/${id}`)).status).toBe(404);
    const hist = await t().call("otherRep", "GET", `/api/v1/customers/${id}/pool-history`);
    expect(hist.body.items.map((e: { kind: string }) => e.kind)).toEqual(["claim", "release"]);
  });

  test("the previous owner may not claim it back within the cool-down; a claim of an owned customer answers 409", async () => {
    const { ids } = t();
    const id = await addCustomer(t().db, { ownerId: ids.rep, at: TEST_NOW - 30 * DAY });
    await t().call("rep", "POST", `/api/v1/customers/${id}/release`, { reason: "转给同事跟进" });
    const back = await t().call("rep", "POST", `/api/v1/customers/${id}/claim`);
    expect(back.status).toBe(409);
    expect(back.body.error).toMatchObject({ code: "POOL_COOLDOWN", field: "cooldownDays", details: { params: { days: 7, daysLeft: 7 } } });
    t().clock.now = TEST_NOW + 7 * DAY;
    try {
      expect((await t().call("rep", "POST", `/api/v1/customers/${id}/claim`)).status).toBe(200);
      const again = await t().call("rep2", "POST", `/api/v1/customers/${id}/claim`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe("POOL_NOT_IN_POOL");
    } finally {
      t().clock.now = TEST_NOW;
    }
  });

  test("twenty concurrent claims of one customer: exactly one wins, the rest are told it is taken", async () => {
    await rules({ dailyClaimCap: null, cooldownDays: 0, holdCap: null });
    const { db, ids } = t();
    const dept = (await db.selectFrom("users").select("department_id").where("id", "=", ids.rep).executeTakeFirstOrThrow()).department_id;
    const racers = await addUsers(db, 20, { role: "rep", departmentId: dept, at: TEST_NOW, prefix: `race${t().kind}` });
    const id = await addCustomer(db, { ownerId: null, poolId: await pool(), at: TEST_NOW - DAY });
    const answers = await Promise.all(racers.map((r) => inject(r.token, "POST", `/api/v1/customers/${id}/claim`)));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 && a.body.error.code === "POOL_NOT_IN_POOL")).toHaveLength(19);
    const owner = (await db.selectFrom("customers").select("owner_id").where("id", "=", id).executeTakeFirstOrThrow()).owner_id;
    expect(racers.map((r) => r.id)).toContain(owner);
    const events = await db.selectFrom("pool_events").select("to_user_id").where("customer_id", "=", id).where("kind", "=", "claim").execute();
    expect(events.map((e) => e.to_user_id)).toEqual([owner]);
  });

  test("a daily cap of 3 holds under 10 concurrent claims by one rep; the 4th answers with the cap and its numbers", async () => {
    await rules({ dailyClaimCap: 3, cooldownDays: 0, holdCap: null });
    const { db } = t();
    const dept = (await db.selectFrom("users").select("department_id").where("id", "=", t().ids.rep).executeTakeFirstOrThrow()).department_id;
    const [me] = await addUsers(db, 1, { role: "rep", departmentId: dept, at: TEST_NOW, prefix: `cap${t().kind}` });
    const customers = await Promise.all(
      Array.from({ length: 10 }, () =>
        addCustomer(db, { ownerId: null, poolId: null, at: TEST_NOW - DAY }).then(async (id) => {
          await db
            .updateTable("customers")
            .set({ pool_id: await pool() })
            .where("id", "=", id)
            .execute();
          return id;
        }),
      ),
    );
    const answers = await Promise.all(customers.map((id) => inject(me.token, "POST", `/api/v1/customers/${id}/claim`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(7);
    for (const r of refused)
      expect(r.body.error).toMatchObject({ code: "POOL_CLAIM_DAILY_CAP", field: "dailyClaimCap", details: { params: { cap: 3, claimed: 3 } } });
    expect(await ownedCount(db, me.id)).toBe(3);
    // The next day (Shanghai calendar) the cap starts again.
    const left = (await db.selectFrom("customers").select("id").where("id", "in", customers).where("owner_id", "is", null).execute()).map((c) => c.id);
    t().clock.now = TEST_NOW + DAY;
    try {
      expect((await inject(me.token, "POST", `/api/v1/customers/${left[0]}/claim`)).status).toBe(200);
    } finally {
      t().clock.now = TEST_NOW;
    }
  });

  test("a holding cap of 5 holds under concurrent claims; won customers count only when the pool says so", async () => {
    const { db } = t();
    const dept = (await db.selectFrom("users").select("department_id").where("id", "=", t().ids.rep).executeTakeFirstOrThrow()).department_id;
    const [me] = await addUsers(db, 1, { role: "rep", departmentId: dept, at: TEST_NOW, prefix: `hold${t().kind}` });
    for (let i = 0; i < 3; i++) await addCustomer(db, { ownerId: me.id, at: TEST_NOW - DAY });
    await rules({ dailyClaimCap: null, cooldownDays: 0, holdCap: 5, holdCountsWon: false });
    const p = await pool();
    const ids = await Promise.all(Array.from({ length: 6 }, () => addCustomer(db, { ownerId: null, poolId: p, at: TEST_NOW - DAY })));
    const answers = await Promise.all(ids.map((id) => inject(me.token, "POST", `/api/v1/customers/${id}/claim`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 409 && a.body.error.code === "POOL_HOLD_CAP")).toHaveLength(4);
    expect(await ownedCount(db, me.id)).toBe(5);
    // One of the five is won: without counting won customers the rep holds 4 and may claim one more …
    const owned = await db.selectFrom("customers").select("id").where("owner_id", "=", me.id).orderBy("id").limit(1).executeTakeFirstOrThrow();
    await db
      .insertInto("opportunities")
      .values({
        pipeline_id: 1,
        stage_id: 1,
        customer_id: owned.id,
        owner_id: me.id,
        title: "已赢单",
        amount_fen: 100,
        units: 1,
        status: "won",
        closed_at: TEST_NOW - DAY,
        stage_entered_at: TEST_NOW - DAY,
        created_at: TEST_NOW - 2 * DAY,
        updated_at: TEST_NOW,
        external_id: null,
        product: null,
        expected_close_date: null,
        source: null,
        probability_override: null,
        lost_reason: null,
      } as never)
      .execute();
    const free = (await db.selectFrom("customers").select("id").where("id", "in", ids).where("owner_id", "is", null).execute()).map((c) => c.id);
    expect((await inject(me.token, "POST", `/api/v1/customers/${free[0]}/claim`)).status).toBe(200);
    // … but when won customers count, 6 > 5 refuses.
    await rules({ holdCountsWon: true });
    expect((await inject(me.token, "POST", `/api/v1/customers/${free[1]}/claim`)).body.error.code).toBe("POOL_HOLD_CAP");
    await rules({ holdCap: null, holdCountsWon: false });
  });

  test("a pool admin assigns a pool customer; a rep may not assign; a user outside every member department cannot see or claim it", async () => {
    await rules({ dailyClaimCap: null, cooldownDays: 0, holdCap: null });
    const { db, ids } = t();
    const id = await addCustomer(db, { ownerId: null, poolId: await pool(), at: TEST_NOW - DAY });
    const byRep = await t().call("rep", "POST", `/api/v1/customers/${id}/assign`, { userId: ids.rep2 });
    expect(byRep.status).toBe(403);
    expect(byRep.body.error.code).toBe("POOL_NOT_ADMIN");
    const [outsider] = await addUsers(db, 1, { role: "rep", departmentId: null, at: TEST_NOW, prefix: `out${t().kind}` });
    expect((await inject(outsider.token, "GET", `/api/v1/customers/${id}`)).status).toBe(404);
    expect((await inject(outsider.token, "POST", `/api/v1/customers/${id}/claim`)).status).toBe(404);
    expect((await inject(outsider.token, "GET", `/api/v1/pools/${await pool()}/customers`)).status).toBe(404);
    const toOutsider = await t().call("admin", "POST", `/api/v1/customers/${id}/assign`, { userId: outsider.id });
    expect(toOutsider.body.error.code).toBe("POOL_NOT_MEMBER");
    expect((await t().call("admin", "POST", `/api/v1/customers/${id}/assign`, { userId: ids.rep2 })).status).toBe(200);
    expect((await db.selectFrom("customers").select("owner_id").where("id", "=", id).executeTakeFirstOrThrow()).owner_id).toBe(ids.rep2);
  });

  test("the lock cap: a rep locks 2 of 2, the third lock answers POOL_LOCK_CAP; unlocking frees a place", async () => {
    await rules({ lockCap: 2 });
    const { db, ids } = t();
    const mine = await Promise.all([0, 1, 2].map(() => addCustomer(db, { ownerId: ids.rep2, at: TEST_NOW })));
    expect((await t().call("rep2", "POST", `/api/v1/customers/${mine[0]}/lock`, { locked: true })).status).toBe(200);
    expect((await t().call("rep2", "POST", `/api/v1/customers/${mine[1]}/lock`, { locked: true })).status).toBe(200);
    const third = await t().call("rep2", "POST", `/api/v1/customers/${mine[2]}/lock`, { locked: true });
    expect(third.body.error).toMatchObject({ code: "POOL_LOCK_CAP", details: { params: { cap: 2, locked: 2 } } });
    await t().call("rep2", "POST", `/api/v1/customers/${mine[0]}/lock`, { locked: false });
    expect((await t().call("rep2", "POST", `/api/v1/customers/${mine[2]}/lock`, { locked: true })).status).toBe(200);
    await rules({ lockCap: null });
  });

  test("bad rules are refused whole: warn days not under the limit, an unknown kind", async () => {
    const p = await pool();
    const bad = await t().call("admin", "PUT", `/api/v1/pools/${p}/rules`, { rules: [{ kind: "no_follow_up", days: 7, warnDays: 7 }] });
    expect(bad.status).toBe(400);
    expect((await t().call("admin", "PUT", `/api/v1/pools/${p}/rules`, { rules: [{ kind: "sleepy", days: 7 }] })).status).toBe(400);
    expect((await t().call("rep", "PUT", `/api/v1/pools/${p}/rules`, { rulesEnabled: true })).body.error.code).toBe("POOL_NOT_ADMIN");
  });
});

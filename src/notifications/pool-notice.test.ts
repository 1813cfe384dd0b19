/** The notifications centre raises a pool warning for a customer inside a reclaim rule's warning window, once, for its owner only. */
import { expect, test } from "vitest";
import { DAY_MS } from "../core/dates";
import { forEachApp, TEST_NOW } from "../http/testing";
import { defaultPoolId } from "../pools/store";

forEachApp("pool warning notices", (t) => {
  test("30 days without a follow-up, warned 3 days ahead: a customer received 28 days ago warns its owner, 2 days left", async () => {
    const { db } = t();
    const customer = (await t().call("rep", "POST", "/api/v1/customers", { name: "快回公海的客户" })).body.customer.id as number;
    const fresh = (await t().call("rep", "POST", "/api/v1/customers", { name: "刚领取的客户" })).body.customer.id as number;
    const pool = await defaultPoolId(db, TEST_NOW);
    await db.updateTable("pools").set({ rules_enabled: 1 }).where("id", "=", pool).execute();
    await db.insertInto("pool_rules").values({ pool_id: pool, kind: "no_follow_up", level: null, days: 30, warn_days: 3, position: 0 }).execute();
    await db
      .updateTable("customers")
      .set({ owner_since: TEST_NOW - 28 * DAY_MS, pool_id: pool })
      .where("id", "=", customer)
      .execute();
    await db
      .updateTable("customers")
      .set({ owner_since: TEST_NOW - 2 * DAY_MS, pool_id: pool })
      .where("id", "=", fresh)
      .execute();

    const pools = async (who: "rep" | "rep2" | "manager") =>
      (await t().call(who, "GET", "/api/v1/notifications")).body.items.filter((n: { kind: string }) => n.kind === "pool_warning");
    const mine = await pools("rep");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ params: { customer: "快回公海的客户", daysLeft: 2 }, link: `/customers/${customer}`, readAt: null });
    // opening the centre again raises nothing new; the colleague and the manager get none for the rep's customer
    expect(await pools("rep")).toHaveLength(1);
    expect(await pools("rep2")).toHaveLength(0);
    expect(await pools("manager")).toHaveLength(0);
  });
});

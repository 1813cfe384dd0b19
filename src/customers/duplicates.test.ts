/** The as-you-type duplicate check: same normalised name or credit code, visible hits linkable, others named only. */
import { expect, test } from "vitest";
import { forEachApp } from "../http/testing";

forEachApp("customer duplicate check", (t) => {
  test("finds the same company however it is spelled, and hides the id of a customer the rep may not see", async () => {
    const mine = await t().call("rep", "POST", "/api/v1/customers", { name: "杭州金豆科技有限公司" });
    const theirs = await t().call("otherRep", "POST", "/api/v1/customers", { name: "苏州查重机械有限公司" });
    expect(mine.status).toBe(201);
    const r = await t().call("rep", "GET", `/api/v1/customers/duplicates?name=${encodeURIComponent(" 杭州金豆科技有限公司 ")}`);
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([{ id: mine.body.customer.id, name: "杭州金豆科技有限公司", reason: "name", ownerName: expect.any(String), visible: true }]);
    const other = await t().call("rep", "GET", `/api/v1/customers/duplicates?name=${encodeURIComponent("苏州查重机械有限公司")}`);
    expect(other.body.items).toEqual([{ id: null, name: "苏州查重机械有限公司", reason: "name", ownerName: expect.any(String), visible: false }]);
    expect(theirs.body.customer.id).toBeGreaterThan(0);
    const none = await t().call("rep", "GET", `/api/v1/customers/duplicates?name=${encodeURIComponent("完全不同的名字")}`);
    expect(none.body.items).toEqual([]);
  });
});

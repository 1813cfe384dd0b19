/**
 * The move's read is compiled once per shape (src/db/precompiled.ts): the opportunity id and the viewer's clock are
 * swapped in on every call, so a cached statement must still answer for the right record, the right viewer and the
 * right moment — a write share that expires between two moves stops the second, and viewers of the same role do not
 * share each other's access.
 */
import { beforeAll, expect, test } from "vitest";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";

async function dealFor(t: TestApp, who: Person) {
  const c = await t.call(who, "POST", "/api/v1/customers", { name: `编译读取 ${Math.random()}` });
  const crm5 = (await t.call(who, "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
  const o = await t.call(who, "POST", "/api/v1/opportunities", { customerId: c.body.customer.id, pipelineId: crm5.id, title: "共享机会", amountFen: 100_00 });
  expect(o.status).toBe(201);
  return o.body as { id: number; version: number };
}

const move = (t: TestApp, who: Person, id: number, version: number) =>
  t.call(who, "POST", `/api/v1/opportunities/${id}/transition`, { version, action: "advance", override: true, reason: "客户已确认" });

forEachApp("the compiled move read", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  test("a write share that expires between two moves: the first moves, the second answers 404", async () => {
    const opp = await dealFor(t(), "rep");
    const start = t().clock.now;
    const share = await t().call("rep", "POST", `/api/v1/opportunities/${opp.id}/shares`, { userId: t().ids.rep2, access: "write", expiresAt: start + 60_000 });
    expect(share.status).toBe(201);
    const first = await move(t(), "rep2", opp.id, opp.version);
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(opp.version + 1);
    t().clock.now = start + 120_000;
    try {
      const second = await move(t(), "rep2", opp.id, first.body.version);
      expect(second.status).toBe(404);
      // the owner still moves it with the same shape of statement
      expect((await move(t(), "rep", opp.id, first.body.version)).status).toBe(200);
    } finally {
      t().clock.now = start;
    }
  });

  test("two reps of the same role: each moves their own, neither the other's", async () => {
    const mine = await dealFor(t(), "rep");
    const theirs = await dealFor(t(), "rep2");
    expect((await move(t(), "rep", mine.id, mine.version)).status).toBe(200);
    expect((await move(t(), "rep2", mine.id, mine.version + 1)).status).toBe(404);
    expect((await move(t(), "rep2", theirs.id, theirs.version)).status).toBe(200);
    expect((await move(t(), "rep", theirs.id, theirs.version + 1)).status).toBe(404);
  });
});

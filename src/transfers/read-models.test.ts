/**
 * Transfers change a deal's owner, and its read models carry the owner: stage visits (owner and the owner's team)
 * and opportunity facts (owner). Customer transfer, bulk opportunity transfer and offboarding refresh them in their
 * transaction, as PATCH /opportunities/:id does; after each, the deal's rows equal their rebuild.
 */
import { expect, test } from "vitest";
import { forEachApp, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { modelRows, rebuild } from "../readmodels/rebuild";
import { offboardUser } from "./transfer-store";

class Rollback extends Error {}

/** The deal's rows of a model as kept, and as a rebuild (rolled back) gives them. */
async function keptAndRebuilt(t: TestApp, model: "visits" | "facts", oppId: number) {
  const mine = (rows: Record<string, unknown>[]) => rows.filter((r) => r.opportunity_id === oppId);
  const kept = mine(await modelRows(t.db, model));
  let rebuilt: Record<string, unknown>[] = [];
  await t.db
    .transaction()
    .execute(async (tx) => {
      await rebuild(tx, model, { tz: "Asia/Shanghai", now: t.clock.now });
      rebuilt = mine(await modelRows(tx, model));
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return { kept, rebuilt };
}

forEachApp("transfers keep the read models", (t) => {
  test("after a customer transfer, an opportunity transfer and offboarding, the deal's visits and facts carry the new owner and team", async () => {
    const { ids, db } = t();
    await installDefaults(db, t().clock.now);
    const crm5 = (await t().call("admin", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
    const customer = (await t().call("rep", "POST", "/api/v1/customers", { name: "转移读模型客户" })).body.customer.id;
    const created = await t().call("rep", "POST", "/api/v1/opportunities", {
      customerId: customer,
      pipelineId: crm5.id,
      title: "转移商机",
      amountFen: 500_000,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const opp = created.body.id;
    const moved = await t().call("admin", "POST", `/api/v1/opportunities/${opp}/transition`, { version: 1, action: "advance", override: true, reason: "测试" });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const act = await t().call("rep", "POST", "/api/v1/activities", {
      kind: "visit",
      customerId: customer,
      opportunityId: opp,
      subject: "拜访",
      doneAt: new Date(t().clock.now - 86_400_000).toISOString(),
    });
    expect(act.status, JSON.stringify(act.body)).toBe(201);

    const expectOwner = async (owner: number, team: number) => {
      const visits = await keptAndRebuilt(t(), "visits", opp);
      // created in the first stage, then advanced: two visits, both the current owner's, in the owner's team
      expect(visits.kept.map((v) => [v.owner_id, v.team_id])).toEqual([
        [owner, team],
        [owner, team],
      ]);
      expect(visits.kept).toEqual(visits.rebuilt);
      const facts = await keptAndRebuilt(t(), "facts", opp);
      expect(facts.kept.map((f) => [f.owner_id, f.activities])).toEqual([[owner, 1]]);
      expect(facts.kept).toEqual(facts.rebuilt);
    };
    await expectOwner(ids.rep, ids.teamA);

    const toOther = await t().call("admin", "POST", "/api/v1/customers/transfer", { ids: [customer], toUserId: ids.otherRep });
    expect(toOther.body).toMatchObject({ customers: 1, opportunities: 1 });
    await expectOwner(ids.otherRep, ids.teamB);

    const toRep2 = await t().call("admin", "POST", "/api/v1/opportunities/transfer", { ids: [opp], toUserId: ids.rep2 });
    expect(toRep2.body).toMatchObject({ opportunities: 1 });
    await expectOwner(ids.rep2, ids.teamA);

    const off = await offboardUser(db, ids.admin, ids.rep2, ids.otherRep, t().clock.now);
    expect(off.opportunities).toBe(1);
    await expectOwner(ids.otherRep, ids.teamB);
  });
});

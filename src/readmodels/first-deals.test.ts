/**
 * customer_first_deals on both engines: after each write that can change a customer's first deal — a tie at one
 * instant, deleting the recorded first, moving it to another customer (a merge), re-dating it (an import), putting it in
 * a customer-lifecycle pipeline — the maintained model equals its rebuild and holds the hand-worked rows, and funnel
 * health's whole-base "new customers" answers as the full-scan GROUP BY it replaced (./oracle) did.
 */
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { forEachDatabase } from "../db/testing";
import { insertOpenOpportunity } from "../opportunities/test-rows-store";
import { newCustomers } from "../funnel/store-metrics";
import { opportunitiesChanged } from "./maintain";
import * as oracle from "./oracle/funnel-store-metrics";
import { modelRows, rebuild } from "./rebuild";

const admin: Viewer = { id: 1, role: "admin", teamId: null, name: "a", email: "a@x", locale: "zh-CN" };
const whole = { viewer: admin, filters: {} };
class Rollback extends Error {}

forEachDatabase("customer_first_deals, maintained and rebuilt", (h) => {
  let deal = 0,
    lifecycle = 0;
  const db = () => h().db;
  const pipeline = async (kind: "deal" | "customer") =>
    (
      await db()
        .insertInto("pipelines")
        .values({ key: `p_${kind}`, name_zh: kind, name_en: kind, kind, skip_rule: "warn", checklist_rule: "warn", template: null, archived: 0, created_at: 0 })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const opp = (customer: number, pipelineId: number, createdAt: number) =>
    insertOpenOpportunity(db(), {
      pipelineId,
      stageId: 1,
      customerId: customer,
      ownerId: 7,
      title: `c${customer} at ${createdAt}`,
      amountFen: 100,
      units: 1,
      at: createdAt,
    });
  /** The model's rows as [customer, first_at, opportunity], checked equal to a rebuild and new customers to the oracle. */
  async function check(): Promise<number[][]> {
    const kept = await modelRows(db(), "firsts");
    let rebuilt: Record<string, unknown>[] = [];
    await db()
      .transaction()
      .execute(async (tx) => {
        await rebuild(tx, "firsts", { tz: "Asia/Shanghai", now: 1 });
        rebuilt = await modelRows(tx, "firsts");
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect(kept).toEqual(rebuilt);
    for (const [from, to] of [
      [0, 15],
      [10, 11],
      [15, 45],
      [45, 100],
      [0, 1000],
    ])
      expect(await newCustomers(db(), whole, from, to), `${from}–${to}`).toBe(await oracle.newCustomers(db(), whole, from, to));
    return kept.map((r) => [Number(r.customer_id), Number(r.first_at), Number(r.opportunity_id)]);
  }

  let a = 0,
    b = 0,
    c = 0,
    d = 0,
    e = 0,
    l = 0;
  beforeAll(async () => {
    deal = await pipeline("deal");
    lifecycle = await pipeline("customer");
    a = await opp(1001, deal, 10);
    b = await opp(1001, deal, 10); // tied with a: the lower id is recorded
    c = await opp(1001, deal, 20);
    l = await opp(1002, lifecycle, 30); // not a deal: 1002's first deal is e
    e = await opp(1002, deal, 40);
    d = await opp(1003, deal, 50);
    await opportunitiesChanged(db(), [a, b, c, l, e, d]);
  });

  test("a tie at one instant records the lower id; a lifecycle pipeline's opportunity is no deal", async () => {
    expect(await check()).toEqual([
      [1001, 10, Math.min(a, b)],
      [1002, 40, e],
      [1003, 50, d],
    ]);
    expect(await newCustomers(db(), whole, 0, 15)).toBe(1);
  });

  test("deleting the recorded first leaves its tie; moving that one to another customer (a merge) re-derives both", async () => {
    await db().deleteFrom("opportunities").where("id", "=", a).execute();
    await opportunitiesChanged(db(), [a]);
    expect(await check()).toEqual([
      [1001, 10, b],
      [1002, 40, e],
      [1003, 50, d],
    ]);
    await db().updateTable("opportunities").set({ customer_id: 1003 }).where("id", "=", b).execute();
    await opportunitiesChanged(db(), [b]);
    expect(await check()).toEqual([
      [1001, 20, c],
      [1002, 40, e],
      [1003, 10, b],
    ]);
  });

  test("re-dating the first (an import) and moving a deal to a lifecycle pipeline", async () => {
    await db().updateTable("opportunities").set({ created_at: 60 }).where("id", "=", b).execute();
    await opportunitiesChanged(db(), [b]);
    expect(await check()).toEqual([
      [1001, 20, c],
      [1002, 40, e],
      [1003, 50, d],
    ]);
    await db().updateTable("opportunities").set({ pipeline_id: lifecycle }).where("id", "in", [d, e]).execute();
    await opportunitiesChanged(db(), [d, e]);
    expect(await check()).toEqual([
      [1001, 20, c],
      [1003, 60, b],
    ]);
    expect(await newCustomers(db(), whole, 45, 100)).toBe(1);
    // a filter (here: one pipeline) is not the whole base: the look-up query answers it, as the oracle does
    const onePipe = { viewer: admin, filters: { pipeline: deal } };
    expect(await newCustomers(db(), onePipe, 15, 45)).toBe(await oracle.newCustomers(db(), onePipe, 15, 45));
    expect(Number((await sql<{ n: number }>`select count(*) as n from customer_first_deals`.execute(db())).rows[0].n)).toBe(2);
  });
});

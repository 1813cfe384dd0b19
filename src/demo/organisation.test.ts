/** The demo organisation: a 3-level tree, a company pool with every rep as a member, rules on, customers near reclaim. */
import { beforeAll, expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { isPoolMember } from "../pools/store";
import { runReclaim } from "../pools/job";
import { generateDemo } from "./generate";

const NOW = Date.UTC(2026, 0, 15, 4);
const TZ = "Asia/Shanghai";

forEachDatabase("demo organisation (tiny)", (h) => {
  beforeAll(async () => {
    await generateDemo(h().db, { scale: "tiny", seed: 3, now: NOW });
  }, 60_000);

  test("departments form three levels and every user sits in one", async () => {
    const deps = await h().db.selectFrom("departments").select(["path"]).execute();
    expect(Math.max(...deps.map((d) => d.path.split("/").length - 2))).toBe(3);
    expect(await h().db.selectFrom("users").select("id").where("department_id", "is", null).execute()).toEqual([]);
  });

  test("one pool with rules on holds the released customers; every rep is a member", async () => {
    const db = h().db;
    const pools = await db.selectFrom("pools").selectAll().execute();
    expect(pools).toHaveLength(1);
    expect(pools[0].rules_enabled).toBe(1);
    const inPool = await db.selectFrom("customers").select("id").where("owner_id", "is", null).where("pool_id", "=", pools[0].id).execute();
    expect(inPool.length).toBeGreaterThan(0);
    const events = await db.selectFrom("pool_events").select("customer_id").execute();
    expect(new Set(events.map((e) => e.customer_id))).toEqual(new Set(inPool.map((c) => c.id)));
    for (const r of await db.selectFrom("users").select("id").where("role", "=", "rep").execute()) expect(await isPoolMember(db, pools[0].id, r.id)).toBe(true);
  });

  test("nothing is due on the first night, but some customers are within days of returning", async () => {
    const first = await runReclaim(h().db, NOW, TZ, { dryRun: true });
    expect(first.reclaimed).toEqual([]);
    const soon = await runReclaim(h().db, NOW + 3 * 86_400_000, TZ, { dryRun: true });
    expect(first.warned.length + soon.reclaimed.length).toBeGreaterThan(0);
  });
});

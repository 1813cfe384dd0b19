/**
 * Lists page by opaque keyset cursors and search by substring, on both engines: paging while rows are inserted
 * never repeats or skips a row that was there, a changed cursor answers 400, and search finds Chinese substrings
 * of any length while never showing another rep's record.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { installDefaults } from "../pipelines/install";
import { forEachApp, type Person, type TestApp } from "./testing";

async function customer(t: TestApp, who: Person, name: string, extra: Record<string, unknown> = {}) {
  const r = await t.call(who, "POST", "/api/v1/customers", { name, ...extra });
  expect(r.status).toBe(201);
  return r.body.customer.id as number;
}

/** Walks every page of `url` (limit `limit`), calling `between` after each page; returns the ids in order. */
async function walk(t: TestApp, who: Person, url: string, limit: number, between: (page: number) => Promise<void>) {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const sep = url.includes("?") ? "&" : "?";
    const r = await t.call(who, "GET", `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(r.status).toBe(200);
    seen.push(...r.body.items.map((x: { id: number }) => x.id));
    cursor = r.body.nextCursor;
    if (!cursor) return seen;
    await between(page);
  }
  throw new Error("more than 200 pages");
}

forEachApp("keyset lists and search", (t) => {
  const base: number[] = [];
  beforeAll(async () => {
    // 40 customers of the rep with repeated names' prefixes and priorities (ties) and some without a priority (NULL).
    for (let i = 0; i < 40; i++) {
      t().clock.now += i % 3 === 0 ? 0 : 1000; // equal updated_at for every third: ties broken by id
      base.push(
        await customer(t(), "rep", `客户 ${String((i * 7) % 40).padStart(2, "0")} 号`, i % 4 === 0 ? {} : { priority: ["high", "medium", "low"][i % 3] }),
      );
    }
  }, 120_000);

  for (const sort of ["name", "-name", "-updated_at", "created_at", "priority", "-priority"]) {
    test(`paging by ${sort} while customers are inserted never repeats or skips`, async () => {
      let n = 0;
      const seen = await walk(t(), "rep", `/api/v1/customers?sort=${sort}`, 7, async (page) => {
        // Insert rows that sort before, among and after the current position.
        for (const name of [`客户 00 号 新${sort}${page}`, `客户 2${page % 10} 号 新${sort}`, `客户 99 号 新${sort}${page}`]) {
          t().clock.now += 1000;
          await customer(t(), "rep", name, n++ % 2 ? { priority: "medium" } : {});
        }
      });
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of base) expect(seen).toContain(id);
    });
  }

  test("the cursor is opaque: changed, foreign or made-up cursors answer 400 and change nothing", async () => {
    const first = await t().call("rep", "GET", "/api/v1/customers?limit=5&sort=name");
    const c: string = first.body.nextCursor;
    expect(c).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(c).not.toMatch(/^\d+$/);
    const [payload, mac] = c.split(".");
    const forged = Buffer.from(JSON.stringify(["name", "", 1])).toString("base64url");
    for (const bad of [`${payload.slice(0, -2)}AA.${mac}`, `${forged}.${mac}`, "5", "abc", `${payload}.${mac}x`, `${payload}.${mac}.x`]) {
      const r = await t().call("rep", "GET", `/api/v1/customers?limit=5&sort=name&cursor=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
      expect(r.body.error.field).toBe("cursor");
    }
    // A cursor belongs to its sort order.
    expect((await t().call("rep", "GET", `/api/v1/customers?limit=5&sort=-updated_at&cursor=${encodeURIComponent(c)}`)).status).toBe(400);
    // Passed back unchanged it continues where the first page ended.
    const next = await t().call("rep", "GET", `/api/v1/customers?limit=5&sort=name&cursor=${encodeURIComponent(c)}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].name >= first.body.items[4].name).toBe(true);
  });

  describe("search", () => {
    let mine: Record<string, number> = {};
    beforeAll(async () => {
      mine = {
        sh: await customer(t(), "rep", "上海金豆科技有限公司"),
        bj: await customer(t(), "rep", "北京金豆贸易有限公司"),
        sz: await customer(t(), "rep", "深圳豆包网络 Beans Ltd"),
      };
      await customer(t(), "otherRep", "杭州金豆科技有限公司");
      await customer(t(), "otherRep", "豆豆 100%_特价");
      await installDefaults(t().db, t().clock.now);
    });
    const names = async (who: Person, q: string) => {
      const r = await t().call(who, "GET", `/api/v1/customers?limit=100&q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      return r.body.items.map((x: { name: string }) => x.name).sort();
    };

    test("three or more Chinese characters find the substring, and only the viewer's records", async () => {
      expect(await names("rep", "金豆科技")).toEqual(["上海金豆科技有限公司"]);
      expect(await names("otherRep", "金豆科技")).toEqual(["杭州金豆科技有限公司"]);
      expect(await names("admin", "金豆科技")).toEqual(["上海金豆科技有限公司", "杭州金豆科技有限公司"]);
      expect(await names("rep", "有限公司")).toEqual(["上海金豆科技有限公司", "北京金豆贸易有限公司"]);
    });

    test("one or two characters (below a trigram) still find substrings, still scoped", async () => {
      expect(await names("rep", "金豆")).toEqual(["上海金豆科技有限公司", "北京金豆贸易有限公司"]);
      expect(await names("rep", "豆")).toEqual(["上海金豆科技有限公司", "北京金豆贸易有限公司", "深圳豆包网络 Beans Ltd"]);
      expect(await names("otherRep", "豆")).toEqual(["杭州金豆科技有限公司", "豆豆 100%_特价"]);
    });

    test("Latin text is case-insensitive; LIKE wildcards and quotes in the query are plain characters", async () => {
      expect(await names("rep", "beans")).toEqual(["深圳豆包网络 Beans Ltd"]);
      expect(await names("otherRep", "%_")).toEqual(["豆豆 100%_特价"]);
      expect(await names("otherRep", "0%_特")).toEqual(["豆豆 100%_特价"]);
      expect(await names("rep", '"金豆')).toEqual([]);
      expect(await names("rep", "%")).toEqual([]);
    });

    test("opportunities are found by their title or their customer's name, within the viewer's scope", async () => {
      const pipelines = (await t().call("rep", "GET", "/api/v1/pipelines")).body.items;
      const pipelineId = pipelines.find((p: { key: string }) => p.key === "crm5").id;
      const deal = async (who: Person, customerId: number, title: string) =>
        expect((await t().call(who, "POST", "/api/v1/opportunities", { customerId, pipelineId, title, amountFen: 100_00 })).status).toBe(201);
      await deal("rep", mine.sz, "数据中台建设项目");
      await deal("rep", mine.sh, "ERP 升级");
      const theirs = (await t().call("otherRep", "GET", `/api/v1/customers?q=${encodeURIComponent("杭州金豆")}`)).body.items[0].id;
      await deal("otherRep", theirs, "数据中台二期");
      const titles = async (who: Person, q: string) =>
        (await t().call(who, "GET", `/api/v1/opportunities?limit=100&q=${encodeURIComponent(q)}`)).body.items.map((x: { title: string }) => x.title).sort();
      expect(await titles("rep", "中台建")).toEqual(["数据中台建设项目"]);
      expect(await titles("rep", "数据中台")).toEqual(["数据中台建设项目"]);
      expect(await titles("admin", "数据中台")).toEqual(["数据中台二期", "数据中台建设项目"]);
      expect(await titles("rep", "上海金豆")).toEqual(["ERP 升级"]);
      expect(await titles("rep", "中台")).toEqual(["数据中台建设项目"]);
    });
  });
});

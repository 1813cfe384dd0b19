/** Global search on both engines: each key finds its record, and nothing of another rep's is ever returned. */
import { beforeAll, expect, test } from "vitest";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { searchRoutes } from "./routes";
import { customerRoutes } from "../customers/routes";
import { contactRoutes } from "../contacts/routes";
import { opportunityRoutes } from "../opportunities/routes";
import { activityRoutes } from "../activities/routes";
import { cashRoutes } from "../cash/routes";
import { pipelineRoutes } from "../pipelines/routes";

interface Item {
  kind: string;
  id: number;
  title: string;
  url: string;
}

/** One customer with a contact, an opportunity, an activity and a quote, owned by `who`. */
async function book(t: TestApp, who: Person, name: string, code: string, contact: { name: string; phone: string; email: string; title: string }, deal: string) {
  const c = await t.call(who, "POST", "/api/v1/customers", { name, creditCode: code });
  expect(c.status).toBe(201);
  const customerId = c.body.customer.id as number;
  const k = await t.call(who, "POST", "/api/v1/contacts", { customerId, ...contact });
  expect(k.status).toBe(201);
  const crm5 = (await t.call(who, "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
  const o = await t.call(who, "POST", "/api/v1/opportunities", { customerId, pipelineId: crm5.id, title: deal, amountFen: 500_000_00, source: "inbound" });
  expect(o.status).toBe(201);
  const a = await t.call(who, "POST", "/api/v1/activities", {
    kind: "visit",
    customerId,
    opportunityId: o.body.id,
    subject: `${deal} 方案讲解`,
    metPerson: contact.name,
    doneAt: "2026-06-10T10:00:00+08:00",
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  const q = await t.call(who, "POST", "/api/v1/quotes", {
    opportunityId: o.body.id,
    lines: [{ product: "CRM 许可", units: 1, unitPriceFen: 100_00 }],
    discountBp: 0,
    note: `${deal} 报价`,
  });
  expect(q.status, JSON.stringify(q.body)).toBe(201);
  return {
    customerId,
    contactId: k.body.id as number,
    opportunityId: o.body.id as number,
    activityId: a.body.id as number,
    quoteId: q.body.id as number,
    quoteNumber: q.body.number as string,
  };
}

const search = async (t: TestApp, who: Person, q: string): Promise<Item[]> => {
  const r = await t.call(who, "GET", `/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  return r.body.items;
};
const keys = (items: Item[]) => items.map((i) => `${i.kind}:${i.id}`).sort();

forEachApp(
  "global search",
  (t) => {
    let mine: Awaited<ReturnType<typeof book>>;
    let theirs: Awaited<ReturnType<typeof book>>;
    beforeAll(async () => {
      await installDefaults(t().db, t().clock.now);
      mine = await book(
        t(),
        "rep",
        "杭州金豆科技有限公司",
        "91330100MA27XKRP1D",
        { name: "王晓明", phone: "13800138000", email: "wang.xm@jindou.example", title: "采购总监" },
        "华东区 CRM 升级",
      );
      // the same keys, one letter or digit apart, for a rep of the other department: never in rep's answers
      theirs = await book(
        t(),
        "otherRep",
        "苏州金豆科技有限公司",
        "91320500MA1MXXXX0X",
        { name: "王晓红", phone: "13800138001", email: "wang.xh@jindou.example", title: "采购经理" },
        "华南区 CRM 升级",
      );
    }, 60_000);

    test("by name, phone, e-mail, credit code, title, quote number and pinyin initials", async () => {
      const c = `customer:${mine.customerId}`;
      expect(keys(await search(t(), "rep", "杭州金豆"))).toEqual([c]);
      expect(keys(await search(t(), "rep", "jdkj"))).toEqual([c]); // 金豆科技 by its initials
      expect(keys(await search(t(), "rep", "hzjd"))).toEqual([c]);
      expect(keys(await search(t(), "rep", "jindoukeji"))).toEqual([c]); // and its full pinyin
      expect(keys(await search(t(), "rep", "MA27XKRP"))).toEqual([c]);
      expect(keys(await search(t(), "rep", "13800138000"))).toEqual([`contact:${mine.contactId}`]);
      expect(keys(await search(t(), "rep", "wang.xm@jindou"))).toEqual([`contact:${mine.contactId}`]);
      expect(keys(await search(t(), "rep", "采购总监"))).toEqual([`contact:${mine.contactId}`]);
      expect(keys(await search(t(), "rep", "wxm"))).toEqual([`activity:${mine.activityId}`, `contact:${mine.contactId}`]); // 王晓明, met on the visit
      expect(keys(await search(t(), "rep", "华东区 CRM"))).toEqual(
        [`activity:${mine.activityId}`, `opportunity:${mine.opportunityId}`, `quote:${mine.quoteId}`].sort(),
      );
      expect(keys(await search(t(), "rep", "hdq"))).toEqual([`activity:${mine.activityId}`, `opportunity:${mine.opportunityId}`].sort()); // 华东区
      expect(keys(await search(t(), "rep", mine.quoteNumber))).toEqual([`quote:${mine.quoteId}`]);
      const [hit] = await search(t(), "rep", "jdkj");
      expect(hit).toEqual({
        kind: "customer",
        id: mine.customerId,
        title: "杭州金豆科技有限公司",
        subtitle: "91330100MA27XKRP1D · rep",
        url: `/customers/${mine.customerId}`,
      });
    });

    test("the customer list's search box finds by pinyin too, within the viewer's customers", async () => {
      const r = await t().call("rep", "GET", "/api/v1/customers?q=jdkj");
      expect(r.body.items.map((c: { id: number }) => c.id)).toEqual([mine.customerId]);
      const a = await t().call("admin", "GET", "/api/v1/customers?q=jdkj");
      expect(a.body.items.map((c: { id: number }) => c.id).sort()).toEqual([mine.customerId, theirs.customerId].sort());
    });

    test("one or two characters search too (below a trigram)", async () => {
      expect(keys(await search(t(), "rep", "杭州"))).toEqual([`customer:${mine.customerId}`]);
      expect(keys(await search(t(), "rep", "hz"))).toEqual([`customer:${mine.customerId}`]);
    });

    test("never another rep's record: the shared keys answer only the viewer's own", async () => {
      const ownIds = new Set(
        Object.entries(mine)
          .filter(([k]) => k.endsWith("Id"))
          .map(([, v]) => v),
      );
      for (const q of ["金豆科技", "jdkj", "1380013800", "@jindou.example", "采购", "CRM 升级", "wx", "Q-"]) {
        for (const item of await search(t(), "rep", q)) expect(ownIds.has(item.id), `${q} → ${item.kind}:${item.id}`).toBe(true);
        const other = await search(t(), "otherRep", q);
        expect(other.length, q).toBeGreaterThan(0);
        expect(other.some((i) => i.id === mine.customerId && i.kind === "customer")).toBe(false);
      }
      // the manager of rep's department sees rep's records, not the other department's
      const m = await search(t(), "manager", "金豆科技");
      expect(keys(m)).toEqual([`customer:${mine.customerId}`]);
      // an admin sees both
      expect(keys(await search(t(), "admin", "jdkj"))).toEqual([`customer:${mine.customerId}`, `customer:${theirs.customerId}`].sort());
    });

    test("a rename is searched by its new pinyin, not the old one", async () => {
      const c = (await t().call("rep", "GET", `/api/v1/customers/${mine.customerId}`)).body;
      const r = await t().call("rep", "PATCH", `/api/v1/customers/${mine.customerId}`, { version: c.version, name: "杭州银豆科技有限公司" });
      expect(r.status).toBe(200);
      expect(keys(await search(t(), "rep", "jdkj"))).toEqual([]);
      expect(keys(await search(t(), "rep", "ydkj"))).toEqual([`customer:${mine.customerId}`]);
      const back = await t().call("rep", "PATCH", `/api/v1/customers/${mine.customerId}`, { version: r.body.version, name: "杭州金豆科技有限公司" });
      expect(back.status).toBe(200);
      expect(keys(await search(t(), "rep", "jdkj"))).toEqual([`customer:${mine.customerId}`]);
    });

    test("bad input: an empty query is a 400 naming q", async () => {
      const r = await t().call("rep", "GET", "/api/v1/search?q=%20");
      expect(r.status).toBe(400);
      expect(r.body.error.field).toBe("q");
    });
  },
  { only: [searchRoutes, customerRoutes, contactRoutes, opportunityRoutes, activityRoutes, cashRoutes, pipelineRoutes] },
);

/**
 * Global search: customers, contacts, opportunities, activities and quotes whose name, phone, e-mail, credit code,
 * title, number or pinyin contains the query — each kind read through the one access rule, exactly as its own list
 * reads it (contacts and activities through their customer, quotes through their opportunity), so a search never
 * reaches a record the viewer could not open.
 */
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { Db } from "../db/connect";
import { contains, pinyinContains } from "../db/search";
import { fillPinyin } from "./pinyin-store";

export type SearchKind = "customer" | "contact" | "opportunity" | "activity" | "quote";
export const SEARCH_KINDS: readonly SearchKind[] = ["customer", "contact", "opportunity", "activity", "quote"];
export interface SearchItem {
  kind: SearchKind;
  id: number;
  title: string;
  subtitle: string | null;
  url: string;
}

const joined = (...parts: Array<string | null | undefined>) => parts.filter((p) => p != null && p !== "").join(" · ") || null;

/** Up to `limit` hits of each kind, kinds in a fixed order, each kind's hits by name. */
export async function globalSearch(db: Db, viewer: Viewer, q: string, limit: number): Promise<SearchItem[]> {
  await fillPinyin(db);
  const text = q.trim();
  const [customers, contacts, opportunities, activities, quotes] = await Promise.all([
    db
      .selectFrom("customers as c")
      .leftJoin("users as u", "u.id", "c.owner_id")
      .select(["c.id", "c.name", "c.credit_code", "u.name as owner_name"])
      .where(visible(viewer, "c.owner_id", "c.id", "customer"))
      .where((eb) =>
        eb.or([
          contains(db, "customers", "c.id", ["c.name", "c.credit_code", "c.external_id"], text),
          pinyinContains(db, "customers", "c.id", "c.search_pinyin", text),
        ]),
      )
      .orderBy("c.name")
      .orderBy("c.id")
      .limit(limit)
      .execute(),
    db
      .selectFrom("contacts as k")
      .innerJoin("customers as c", "c.id", "k.customer_id")
      .select(["k.id", "k.name", "k.title", "k.phone", "k.email", "k.customer_id", "c.name as customer_name"])
      .where(visible(viewer, "c.owner_id", "c.id", "customer"))
      .where((eb) =>
        eb.or([
          contains(db, "contacts", "k.id", ["k.name", "k.phone", "k.email", "k.title"], text),
          pinyinContains(db, "contacts", "k.id", "k.search_pinyin", text),
        ]),
      )
      .orderBy("k.name")
      .orderBy("k.id")
      .limit(limit)
      .execute(),
    db
      .selectFrom("opportunities as o")
      .innerJoin("customers as c", "c.id", "o.customer_id")
      .select(["o.id", "o.title", "o.status", "c.name as customer_name"])
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
      .where((eb) => eb.or([contains(db, "opportunities", "o.id", ["o.title"], text), pinyinContains(db, "opportunities", "o.id", "o.search_pinyin", text)]))
      .orderBy("o.title")
      .orderBy("o.id")
      .limit(limit)
      .execute(),
    db
      .selectFrom("activities as a")
      .innerJoin("customers as c", "c.id", "a.customer_id")
      .select(["a.id", "a.kind", "a.subject", "a.met_person", "a.customer_id", "a.opportunity_id", "c.name as customer_name"])
      .where((eb) => eb.or([visible(viewer, "a.owner_id"), visible(viewer, "c.owner_id", "c.id", "customer")]))
      .where((eb) =>
        eb.or([contains(db, "activities", "a.id", ["a.subject", "a.met_person"], text), pinyinContains(db, "activities", "a.id", "a.search_pinyin", text)]),
      )
      .orderBy("a.created_at", "desc")
      .orderBy("a.id", "desc")
      .limit(limit)
      .execute(),
    db
      .selectFrom("quotes as q")
      .innerJoin("opportunities as o", "o.id", "q.opportunity_id")
      .select(["q.id", "q.number", "q.status", "q.opportunity_id", "o.title as opportunity_title"])
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
      .where(contains(db, "quotes", "q.id", ["q.number", "q.note"], text))
      .orderBy("q.id", "desc")
      .limit(limit)
      .execute(),
  ]);
  return [
    ...customers.map(
      (c): SearchItem => ({ kind: "customer", id: c.id, title: c.name, subtitle: joined(c.credit_code, c.owner_name), url: `/customers/${c.id}` }),
    ),
    ...contacts.map(
      (k): SearchItem => ({
        kind: "contact",
        id: k.id,
        title: k.name,
        subtitle: joined(k.customer_name, k.title, k.phone, k.email),
        url: `/customers/${k.customer_id}`,
      }),
    ),
    ...opportunities.map((o): SearchItem => ({ kind: "opportunity", id: o.id, title: o.title, subtitle: o.customer_name, url: `/opportunities/${o.id}` })),
    ...activities.map(
      (a): SearchItem => ({
        kind: "activity",
        id: a.id,
        title: a.subject || a.met_person || a.kind,
        subtitle: joined(a.customer_name, a.met_person),
        url: a.opportunity_id ? `/opportunities/${a.opportunity_id}` : `/customers/${a.customer_id}`,
      }),
    ),
    ...quotes.map((x): SearchItem => ({ kind: "quote", id: x.id, title: x.number, subtitle: x.opportunity_title, url: `/opportunities/${x.opportunity_id}` })),
  ];
}

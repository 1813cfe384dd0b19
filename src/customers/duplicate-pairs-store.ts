/**
 * Suspected duplicates the viewer could merge, as pairs: customers with the same normalised name (normalise.ts), the
 * same credit code, or marked duplicate_of at creation; contacts with the same phone, the same e-mail, or the same
 * name at one customer. Both records of a pair are visible to the viewer; the older record is the proposed survivor.
 */
import { type SqlBool, sql } from "kysely";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { DbOrTx } from "../db/tx";
import { contactView } from "../contacts/store";
import { customerView } from "./store";

export type PairReason = "name" | "credit_code" | "marked" | "phone" | "email";

function pairs<T extends { id: number }>(rows: Array<{ reason: PairReason; a: number; b: number }>, byId: Map<number, T>, limit: number) {
  const seen = new Set<string>();
  const out: Array<{ reasons: PairReason[]; target: T; source: T }> = [];
  for (const r of rows) {
    const [lo, hi] = r.a < r.b ? [r.a, r.b] : [r.b, r.a];
    const key = `${lo}:${hi}`;
    const found = out.find((p) => p.target.id === lo && p.source.id === hi);
    if (found) {
      if (!found.reasons.includes(r.reason)) found.reasons.push(r.reason);
      continue;
    }
    if (seen.has(key) || out.length >= limit) continue;
    seen.add(key);
    const target = byId.get(lo);
    const source = byId.get(hi);
    if (target && source) out.push({ reasons: [r.reason], target, source });
  }
  return out;
}

/** Pairs of visible customers that look like one company, oldest pairs first. */
export async function customerPairs(db: DbOrTx, viewer: Viewer, limit: number) {
  const base = (on: "name_norm" | "credit_code" | "marked") => {
    let q = db
      .selectFrom("customers as a")
      .innerJoin("customers as b", (j) =>
        on === "marked" ? j.onRef("b.duplicate_of", "=", "a.id") : j.onRef(`b.${on}`, "=", `a.${on}`).onRef("b.id", ">", "a.id"),
      )
      .select(["a.id as a", "b.id as b"])
      .where(visible(viewer, "a.owner_id", "a.id", "customer"))
      .where(visible(viewer, "b.owner_id", "b.id", "customer"));
    if (on === "credit_code") q = q.where("a.credit_code", "is not", null);
    if (on === "name_norm") q = q.where("a.name_norm", "!=", "");
    return q
      .orderBy("a.id")
      .orderBy("b.id")
      .limit(limit * 2)
      .execute();
  };
  const [byName, byCode, marked] = await Promise.all([base("name_norm"), base("credit_code"), base("marked")]);
  const rows = [
    ...byCode.map((r) => ({ reason: "credit_code" as const, a: r.a, b: r.b })),
    ...byName.map((r) => ({ reason: "name" as const, a: r.a, b: r.b })),
    ...marked.map((r) => ({ reason: "marked" as const, a: r.a, b: r.b })),
  ].filter((r) => r.a !== r.b);
  const ids = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
  if (!ids.length) return [];
  const records = await db
    .selectFrom("customers as c")
    .leftJoin("users as u", "u.id", "c.owner_id")
    .selectAll("c")
    .select("u.name as owner_name")
    .where("c.id", "in", ids)
    .execute();
  return pairs(rows, new Map(records.map((c) => [c.id, customerView(c)])), limit);
}

/** Pairs of contacts on visible customers with the same phone, e-mail, or name at one customer. */
export async function contactPairs(db: DbOrTx, viewer: Viewer, limit: number) {
  const base = (on: "phone" | "email" | "name") => {
    const q = db
      .selectFrom("contacts as a")
      .innerJoin("contacts as b", (j) => {
        const k = j.onRef("b.id", ">", "a.id");
        return on === "name"
          ? k.onRef("b.name", "=", "a.name").onRef("b.customer_id", "=", "a.customer_id")
          : on === "email"
            ? k.on(sql<SqlBool>`lower(b.email) = lower(a.email)`)
            : k.onRef("b.phone", "=", "a.phone");
      })
      .innerJoin("customers as ca", "ca.id", "a.customer_id")
      .innerJoin("customers as cb", "cb.id", "b.customer_id")
      .select(["a.id as a", "b.id as b"])
      .where(visible(viewer, "ca.owner_id", "ca.id", "customer"))
      .where(visible(viewer, "cb.owner_id", "cb.id", "customer"));
    return (on === "name" ? q : q.where(`a.${on}`, "is not", null).where(`a.${on}`, "!=", ""))
      .orderBy("a.id")
      .orderBy("b.id")
      .limit(limit * 2)
      .execute();
  };
  const [byPhone, byEmail, byName] = await Promise.all([base("phone"), base("email"), base("name")]);
  const rows = [
    ...byPhone.map((r) => ({ reason: "phone" as const, a: r.a, b: r.b })),
    ...byEmail.map((r) => ({ reason: "email" as const, a: r.a, b: r.b })),
    ...byName.map((r) => ({ reason: "name" as const, a: r.a, b: r.b })),
  ];
  const ids = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
  if (!ids.length) return [];
  const records = await db
    .selectFrom("contacts as k")
    .innerJoin("customers as c", "c.id", "k.customer_id")
    .selectAll("k")
    .select("c.name as customer_name")
    .where("k.id", "in", ids)
    .execute();
  return pairs(rows, new Map(records.map((k) => [k.id, { ...contactView(k), customerName: k.customer_name }])), limit);
}

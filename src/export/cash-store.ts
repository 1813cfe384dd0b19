/**
 * Export pages of lead-to-cash records (quotes one row per line, contracts one row per instalment, payments one
 * row each) in the import's columns, limited to what the viewer may see: quotes through their opportunity,
 * contracts and payments through their customer (as GET /contracts).
 */
import { type CommonFilters, filterConditions, OPPORTUNITY_FILTER_COLUMNS } from "../access/filters";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { localDate } from "../core/dates";
import type { Db } from "../db/connect";
import { syntheticKey } from "../import/external-ids";
import { CONTRACT_FILTER_COLUMNS, toInstalment, visibleContracts } from "../cash/store";
import { fenToYuan, isoLocal } from "./format";

type Cell = string | number | null;
const PAGE = 2000;
const ext = (table: string, externalId: string | null | undefined, id: number | null) => (id == null ? "" : (externalId ?? syntheticKey(table, Number(id))));
const pct = (bp: number) => `${Number(bp) / 100}%`;

export async function* quotePages(db: Db, viewer: Viewer, f: CommonFilters, tz: string): AsyncGenerator<Cell[][]> {
  for (let after = 0; ; ) {
    let q = db
      .selectFrom("quote_lines as l")
      .innerJoin("quotes as q", "q.id", "l.quote_id")
      .innerJoin("opportunities as o", "o.id", "q.opportunity_id")
      .select([
        "l.id",
        "q.number",
        "o.id as oid",
        "o.external_id as oext",
        "l.product",
        "l.units",
        "l.unit_price_fen",
        "l.discount_bp as line_bp",
        "q.discount_bp",
        "q.status",
        "q.note",
        "q.created_at",
      ])
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
      .where("l.id", ">", after);
    // the product filter looks at the quote's own lines (a quote is exported whole: every line of a quote with one of it)
    for (const cond of filterConditions(f, { ...OPPORTUNITY_FILTER_COLUMNS, quote: "q.id" })) q = q.where(cond);
    const page = await q.orderBy("l.id").limit(PAGE).execute();
    if (page.length)
      yield page.map((r) => [
        r.number,
        ext("opportunities", r.oext, r.oid),
        r.product,
        Number(r.units),
        fenToYuan(r.unit_price_fen),
        pct(r.line_bp),
        pct(r.discount_bp),
        r.status,
        r.note,
        isoLocal(Number(r.created_at), tz),
      ]);
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1].id);
  }
}

export async function* contractPages(db: Db, viewer: Viewer, f: CommonFilters, tz: string): AsyncGenerator<Cell[][]> {
  for (let after = 0; ; ) {
    let q = visibleContracts(db, viewer)
      .select([
        "k.id",
        "k.number",
        "c.id as cid",
        "c.external_id as cext",
        "o.id as oid",
        "o.external_id as oext",
        "k.signed_at",
        "k.amount_fen",
        "k.created_at",
      ])
      .where("k.id", ">", after);
    for (const cond of filterConditions(f, CONTRACT_FILTER_COLUMNS)) q = q.where(cond);
    const page = await q.orderBy("k.id").limit(PAGE).execute();
    const ids = page.map((k) => k.id);
    const sched = ids.length
      ? await db
          .selectFrom("payment_schedule")
          .select(["contract_id", "seq", "due_date", "amount_fen"])
          .where("contract_id", "in", ids)
          .orderBy("contract_id")
          .orderBy("seq")
          .execute()
      : [];
    const rows: Cell[][] = [];
    for (const k of page) {
      const head = [
        k.number,
        ext("customers", k.cext, k.cid),
        k.oid == null ? "" : ext("opportunities", k.oext, k.oid),
        localDate(Number(k.signed_at), tz),
        fenToYuan(k.amount_fen),
      ];
      const mine = sched.filter((s) => s.contract_id === k.id).map(toInstalment);
      if (!mine.length) rows.push([...head, null, null, isoLocal(Number(k.created_at), tz)]);
      for (const s of mine) rows.push([...head, s.dueDate, fenToYuan(s.amountFen), isoLocal(Number(k.created_at), tz)]);
    }
    if (rows.length) yield rows;
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1].id);
  }
}

export async function* paymentPages(db: Db, viewer: Viewer, f: CommonFilters, tz: string): AsyncGenerator<Cell[][]> {
  for (let after = 0; ; ) {
    let q = visibleContracts(db, viewer)
      .innerJoin("payments as p", "p.contract_id", "k.id")
      .select(["p.id", "p.external_id", "k.number", "p.received_at", "p.amount_fen", "p.note"])
      .where("p.id", ">", after);
    // a payment's products are its contract's line items
    for (const cond of filterConditions(f, CONTRACT_FILTER_COLUMNS)) q = q.where(cond);
    const page = await q.orderBy("p.id").limit(PAGE).execute();
    if (page.length)
      yield page.map((p) => [ext("payments", p.external_id, p.id), p.number, localDate(Number(p.received_at), tz), fenToYuan(p.amount_fen), p.note]);
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1].id);
  }
}

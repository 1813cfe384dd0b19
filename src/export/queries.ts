/**
 * The rows of each export, page by page (keyset on id, so memory stays flat and both engines stream alike),
 * limited to what the viewer may see and to the list filters. Cells are in the canonical import columns.
 */
import { sql } from "kysely";
import type { Db } from "../db/connect";
import { forbidden } from "../core/errors";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { targetReadable } from "../access/targets";
import { type CommonFilters, filterConditions, OPPORTUNITY_FILTER_COLUMNS } from "../access/filters";
import { syntheticKey } from "../import/external-ids";
import type { ImportKind } from "../import/kinds";
import { contractPages, paymentPages, quotePages } from "./cash-store";
import { opportunityLinePages, productPages } from "./products-store";
import { fenToYuan, isoLocal, tagsCell } from "./format";
import { appendCustom, exportCustom } from "./custom-store";

export type ExportCell = string | number | null;
export interface ExportFilters extends CommonFilters {
  status?: "open" | "won" | "lost";
}

const PAGE = 2000;

interface Names {
  email: Map<number, string>;
  stage: Map<number, string>;
  pipeline: Map<number, string>;
}

async function names(db: Db): Promise<Names> {
  const users = await db.selectFrom("users").select(["id", "email"]).execute();
  const stages = await db.selectFrom("stages").select(["id", "key"]).execute();
  const pipelines = await db.selectFrom("pipelines").select(["id", "key"]).execute();
  return {
    email: new Map(users.map((u) => [Number(u.id), u.email])),
    stage: new Map(stages.map((s) => [Number(s.id), s.key])),
    pipeline: new Map(pipelines.map((p) => [Number(p.id), p.key])),
  };
}

const ext = (table: string, externalId: string | null, id: number | null) => (id == null ? "" : (externalId ?? syntheticKey(table, Number(id))));
const n = (v: number | null | undefined) => (v == null ? null : Number(v));

/** Yields pages of rows for the kind (columns in the order of exportColumns(kind)). */
export async function* exportPages(db: Db, viewer: Viewer, kind: ImportKind, f: ExportFilters, tz: string): AsyncGenerator<ExportCell[][]> {
  if (kind === "quotes") {
    yield* quotePages(db, viewer, f, tz);
    return;
  }
  if (kind === "contracts") {
    yield* contractPages(db, viewer, f, tz);
    return;
  }
  if (kind === "payments") {
    yield* paymentPages(db, viewer, f, tz);
    return;
  }
  if (kind === "products") {
    yield* productPages(db);
    return;
  }
  if (kind === "opportunity-lines") {
    yield* opportunityLinePages(db, viewer, f);
    return;
  }
  const nm = await names(db);
  const email = (id: number | null) => (id == null ? "" : (nm.email.get(Number(id)) ?? ""));
  const stage = (id: number | null) => (id == null ? "" : (nm.stage.get(Number(id)) ?? ""));
  const time = (ms: number | null) => isoLocal(n(ms), tz);
  const custom = await exportCustom(db, kind);
  for (let after = 0; ; ) {
    let rows: ExportCell[][];
    let last: number | undefined;
    let ids: number[] = [];
    if (kind === "users") {
      if (viewer.role !== "admin") throw forbidden("only an admin may export users");
      const page = await db
        .selectFrom("users as u")
        .leftJoin("teams as t", "t.id", "u.team_id")
        .leftJoin("users as m", "m.id", "t.manager_id")
        .select(["u.id", "u.email", "u.name", "t.name as team", "u.role", "m.email as manager", "u.external_id", "u.active", "u.created_at"])
        .where("u.id", ">", after)
        .orderBy("u.id")
        .limit(PAGE)
        .execute();
      last = page.at(-1)?.id;
      rows = page.map((u) => [u.email, u.name, u.team, u.role, u.manager === u.email ? null : u.manager, u.external_id, Number(u.active), time(u.created_at)]);
    } else if (kind === "targets") {
      // a "team" target is a department's (migration 070); only the targets the viewer may read
      const page = await db
        .selectFrom("targets as g")
        .leftJoin("departments as t", (j) => j.onRef("t.id", "=", "g.scope_id").on("g.scope", "=", "team"))
        .leftJoin("users as u", (j) => j.onRef("u.id", "=", "g.scope_id").on("g.scope", "=", "user"))
        .select(["g.id", "g.period", "g.scope", "t.name as team", "u.email", "g.amount_fen", "g.units"])
        .where(targetReadable(viewer, "g"))
        .where("g.id", ">", after)
        .orderBy("g.id")
        .limit(PAGE)
        .execute();
      last = page.at(-1)?.id;
      rows = page.map((g) => [g.period, g.scope, g.team, g.email, g.amount_fen == null ? null : fenToYuan(g.amount_fen), n(g.units)]);
    } else if (kind === "customers") {
      let q = db
        .selectFrom("customers as c")
        .selectAll("c")
        .where(visible(viewer, "c.owner_id", "c.id", "customer"))
        .where("c.id", ">", after);
      for (const cond of filterConditions(f, { owner: "c.owner_id", customer: "c.id" })) q = q.where(cond);
      const page = await q.orderBy("c.id").limit(PAGE).execute();
      last = page.at(-1)?.id;
      ids = page.map((r) => Number(r.id));
      rows = page.map((c) => [
        ext("customers", c.external_id, c.id),
        c.name,
        c.credit_code,
        c.industry,
        c.region,
        c.size_band,
        c.channel,
        email(c.owner_id),
        c.credit_rating,
        c.prospect_rating,
        c.lifecycle_stage,
        c.priority,
        tagsCell(c.tags),
        c.notes,
        time(c.created_at),
      ]);
    } else if (kind === "contacts") {
      let q = db
        .selectFrom("contacts as p")
        .innerJoin("customers as c", "c.id", "p.customer_id")
        .select(["p.id", "p.external_id", "c.id as cid", "c.external_id as cext", "p.name", "p.title", "p.decision_role", "p.phone", "p.email", "p.created_at"])
        .where(visible(viewer, "c.owner_id", "c.id", "customer"))
        .where("p.id", ">", after);
      for (const cond of filterConditions(f, { owner: "c.owner_id", customer: "c.id" })) q = q.where(cond);
      const page = await q.orderBy("p.id").limit(PAGE).execute();
      last = page.at(-1)?.id;
      ids = page.map((r) => Number(r.id));
      rows = page.map((p) => [
        ext("contacts", p.external_id, p.id),
        ext("customers", p.cext, p.cid),
        p.name,
        p.title,
        p.decision_role,
        p.phone,
        p.email,
        time(p.created_at),
      ]);
    } else if (kind === "opportunities") {
      let q = db
        .selectFrom("opportunities as o")
        .innerJoin("customers as c", "c.id", "o.customer_id")
        .selectAll("o")
        .select(["c.external_id as cext"])
        // For a won or lost deal, the stage it was in when it closed (the import rebuilds the same path from it).
        .select(
          sql<
            number | null
          >`(select e.from_stage_id from stage_events e where e.opportunity_id = o.id and e.kind in ('won', 'lost') order by e.at desc, e.id desc limit 1)`.as(
            "held",
          ),
        )
        .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
        .where("o.id", ">", after);
      for (const cond of filterConditions(f, OPPORTUNITY_FILTER_COLUMNS)) q = q.where(cond);
      if (f.status) q = q.where("o.status", "=", f.status);
      const page = await q.orderBy("o.id").limit(PAGE).execute();
      last = page.at(-1)?.id;
      ids = page.map((r) => Number(r.id));
      rows = page.map((o) => [
        ext("opportunities", o.external_id, o.id),
        o.title,
        ext("customers", o.cext, o.customer_id),
        email(o.owner_id),
        nm.pipeline.get(Number(o.pipeline_id)) ?? "",
        stage(o.status !== "open" && o.held != null ? o.held : o.stage_id),
        fenToYuan(o.amount_fen),
        n(o.units),
        o.product,
        o.source,
        o.expected_close_date,
        time(o.created_at),
        o.status,
        time(o.closed_at),
        o.lost_reason,
        o.forecast_category,
      ]);
    } else if (kind === "stage-history") {
      let q = db
        .selectFrom("stage_events as e")
        .innerJoin("opportunities as o", "o.id", "e.opportunity_id")
        .select(["e.id", "o.id as oid", "o.external_id as oext", "e.from_stage_id", "e.to_stage_id", "e.at", "e.actor_id", "e.kind", "e.reason"])
        .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
        .where("e.id", ">", after);
      for (const cond of filterConditions(f, OPPORTUNITY_FILTER_COLUMNS)) q = q.where(cond);
      if (f.status) q = q.where("o.status", "=", f.status);
      const page = await q.orderBy("e.id").limit(PAGE).execute();
      last = page.at(-1)?.id;
      rows = page.map((e) => [
        ext("opportunities", e.oext, e.oid),
        stage(e.from_stage_id),
        stage(e.to_stage_id),
        time(e.at),
        email(e.actor_id),
        e.kind,
        e.reason,
      ]);
    } else if (kind === "activities") {
      let q = db
        .selectFrom("activities as a")
        .innerJoin("customers as c", "c.id", "a.customer_id")
        .leftJoin("contacts as p", "p.id", "a.contact_id")
        .leftJoin("opportunities as o", "o.id", "a.opportunity_id")
        .selectAll("a")
        .select(["c.external_id as cext", "p.external_id as pext", "o.external_id as oext"])
        .where(visible(viewer, "a.owner_id"))
        .where("a.id", ">", after);
      for (const cond of filterConditions(f, { owner: "a.owner_id", customer: "a.customer_id" })) q = q.where(cond);
      const page = await q.orderBy("a.id").limit(PAGE).execute();
      last = page.at(-1)?.id;
      ids = page.map((r) => Number(r.id));
      rows = page.map((a) => [
        ext("activities", a.external_id, a.id),
        a.kind,
        ext("customers", a.cext, a.customer_id),
        ext("contacts", a.pext, a.contact_id),
        ext("opportunities", a.oext, a.opportunity_id),
        email(a.owner_id),
        a.subject,
        a.met_person,
        a.met_title,
        time(a.planned_at),
        time(a.done_at),
        a.outcome,
        time(a.next_follow_up_at),
        time(a.created_at),
      ]);
    } else {
      let q = db
        .selectFrom("orders as d")
        .innerJoin("customers as c", "c.id", "d.customer_id")
        .selectAll("d")
        .select(["c.external_id as cext"])
        .where(visible(viewer, "c.owner_id", "c.id", "customer"))
        .where("d.id", ">", after);
      for (const cond of filterConditions(f, { owner: "c.owner_id", customer: "d.customer_id" })) q = q.where(cond);
      const page = await q.orderBy("d.id").limit(PAGE).execute();
      last = page.at(-1)?.id;
      rows = page.map((d) => [
        ext("orders", d.external_id, d.id),
        ext("customers", d.cext, d.customer_id),
        time(d.ordered_at),
        fenToYuan(d.amount_fen),
        fenToYuan(d.cost_fen),
        n(d.units),
        d.product,
        time(d.created_at),
      ]);
    }
    if (custom && rows.length) rows = await appendCustom(db, custom, ids, rows, (id) => nm.email.get(id));
    if (rows.length) yield rows;
    if (last === undefined || rows.length < PAGE) return;
    after = Number(last);
  }
}

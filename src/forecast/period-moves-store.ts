/**
 * SQL of the Friday view's moved in / moved out / slipped (src/forecast/period-moves.ts): the week's close-date
 * changes from the close_date_changes read model (by changed_at; for a scoped viewer by owner and changed_at, the
 * access rule's implied owner condition), the deals created or lost in the week, each through the access rule.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { isPostgres } from "../db/dialect";
import type { Viewer } from "../access/viewer";
import { visible, visibleOwners } from "../access/visible";
import type { DbOrTx } from "../db/tx";
import { type CloseDateChange, type MoveList, periodMoves } from "./period-moves";
import { oppConditions } from "./store";

export interface MovesWindow {
  since: number;
  now: number;
  from: string;
  to: string;
}

const LIMIT = 100;

/**
 * `col` among `ids` as ONE bound parameter whatever their number — a PostgreSQL array (`= any`), a JSON array read by
 * SQLite's json_each — so a week of 50,000 changes stays under both engines' bind-parameter limits (`in (…)` took one
 * parameter per id).
 */
export const idsIn = (db: DbOrTx, col: string, ids: readonly number[]): Expression<SqlBool> =>
  isPostgres(db as never)
    ? sql<SqlBool>`${sql.ref(col)} = any(cast(${`{${ids.join(",")}}`} as bigint[]))`
    : sql<SqlBool>`${sql.ref(col)} in (select value from json_each(${JSON.stringify(ids)}))`;

/** What the viewer may see of close_date_changes aliased `m` (which carries the deal's owner): oppConditions' twin. */
const changeConditions = (viewer: Viewer): Expression<SqlBool>[] => [
  visible(viewer, "m.owner_id", "m.opportunity_id", "opportunity"),
  ...[visibleOwners(viewer, "m.owner_id", "opportunity")].filter((c) => c != null),
];

/** The week's close-date changes of the deals the viewer may see. */
export async function closeDateChanges(db: DbOrTx, viewer: Viewer, w: { since: number; now: number }): Promise<CloseDateChange[]> {
  const rows = await db
    .selectFrom("close_date_changes as m")
    .select(["m.audit_id", "m.opportunity_id", "m.changed_at", "m.before_date", "m.after_date"])
    .where("m.changed_at", ">=", w.since)
    .where("m.changed_at", "<=", w.now)
    .where((eb) => eb.and(changeConditions(viewer)))
    .execute();
  return rows.map((r) => ({
    opportunityId: Number(r.opportunity_id),
    at: Number(r.changed_at),
    id: Number(r.audit_id),
    before: r.before_date,
    after: r.after_date,
  }));
}

export async function periodMoveLists(db: DbOrTx, viewer: Viewer, w: MovesWindow) {
  return movesFromChanges(db, viewer, w, await closeDateChanges(db, viewer, w));
}

/** The lists from the week's close-date changes, with the deals created or lost in the week and their details. */
export async function movesFromChanges(db: DbOrTx, viewer: Viewer, w: MovesWindow, changes: CloseDateChange[]) {
  const [created, lost] = await Promise.all([
    db
      .selectFrom("opportunities as o")
      .select("o.id")
      .where("o.created_at", ">=", w.since)
      .where("o.created_at", "<=", w.now)
      .where("o.expected_close_date", ">=", w.from)
      .where("o.expected_close_date", "<", w.to)
      .where((eb) => eb.and(oppConditions(viewer, {})))
      .execute(),
    db
      .selectFrom("opportunities as o")
      .select("o.id")
      .where("o.status", "=", "lost")
      .where("o.closed_at", ">=", w.since)
      .where("o.closed_at", "<=", w.now)
      .where((eb) => eb.and(oppConditions(viewer, {})))
      .execute(),
  ]);
  const ids = [...new Set([...changes.map((c) => c.opportunityId), ...created.map((r) => r.id), ...lost.map((r) => r.id)])];
  const deals = ids.length
    ? await db
        .selectFrom("opportunities as o")
        .innerJoin("customers as c", "c.id", "o.customer_id")
        .leftJoin("users as u", "u.id", "o.owner_id")
        .select([
          "o.id",
          "o.title",
          "o.amount_fen",
          "o.status",
          "o.created_at",
          "o.closed_at",
          "o.expected_close_date",
          "o.owner_id",
          "u.name as owner_name",
          "c.name as customer_name",
        ])
        .where(idsIn(db, "o.id", ids))
        .execute()
    : [];
  const byId = new Map(deals.map((d) => [d.id, d]));
  const moves = periodMoves(
    changes,
    deals.map((d) => ({
      id: d.id,
      createdAt: Number(d.created_at),
      status: d.status,
      closedAt: d.closed_at == null ? null : Number(d.closed_at),
      expectedCloseDate: d.expected_close_date,
    })),
    w,
  );
  const list = (which: MoveList) => {
    const items = moves
      .filter((m) => m.list === which)
      .map((m) => {
        const d = byId.get(m.opportunityId)!;
        return {
          id: d.id,
          title: d.title,
          customerName: d.customer_name,
          ownerId: d.owner_id,
          ownerName: d.owner_name,
          amountFen: Number(d.amount_fen),
          status: d.status,
          reason: m.reason,
          fromDate: m.fromDate,
          toDate: m.toDate,
        };
      })
      .sort((a, b) => b.amountFen - a.amountFen || a.id - b.id);
    return { count: items.length, amountFen: items.reduce((s, x) => s + x.amountFen, 0), items: items.slice(0, LIMIT) };
  };
  return { movedIn: list("movedIn"), movedOut: list("movedOut"), slipped: list("slipped") };
}

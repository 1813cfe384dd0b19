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
import { type CloseDateChange, type MoveList, type MoveReason, periodMoves } from "./period-moves";
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

type Item = {
  id: number;
  title: string;
  customerName: string;
  ownerId: number;
  ownerName: string | null;
  amountFen: number;
  status: "open" | "won" | "lost";
  reason: MoveReason;
  fromDate: string | null;
  toDate: string | null;
};
interface ListPart {
  count: number;
  amountFen: number;
  items: Item[];
}

/** The deals with their details, as the lists show them. */
const withDetails = (db: DbOrTx) =>
  db
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
    ]);

/**
 * The lists. A deal created in the week is moved in ("new") when dated inside the period and not lost since, and a
 * deal lost in the week without a close-date change in it is moved out ("lost") when dated inside — neither needs
 * the changes, so those two parts are counted, summed and ranked in SQL and only their first LIMIT deals come back
 * (at enterprise scale the week creates and loses thousands). The deals created before the week with a change in it
 * are classified by periodMoves from their changes, here.
 */
async function movesFromChanges(db: DbOrTx, viewer: Viewer, w: MovesWindow, changes: CloseDateChange[]) {
  const changed = [...new Set(changes.map((c) => c.opportunityId))];
  const [deals, created, lost] = await Promise.all([
    changed.length
      ? withDetails(db)
          .where(idsIn(db, "o.id", changed))
          .where("o.created_at", "<", w.since)
          .execute()
      : [],
    rankedPart(db, viewer, "new", [
      sql<SqlBool>`o.created_at >= ${w.since} and o.created_at <= ${w.now}`,
      sql<SqlBool>`(o.status <> 'lost' or o.closed_at is null or o.closed_at < ${w.since})`,
      sql<SqlBool>`o.expected_close_date >= ${w.from} and o.expected_close_date < ${w.to}`,
    ]),
    rankedPart(db, viewer, "lost", [
      sql<SqlBool>`o.status = 'lost' and o.closed_at >= ${w.since} and o.closed_at <= ${w.now} and o.created_at < ${w.since}`,
      sql<SqlBool>`o.expected_close_date >= ${w.from} and o.expected_close_date < ${w.to}`,
      sql<SqlBool>`not exists (select 1 from close_date_changes m where m.opportunity_id = o.id and m.changed_at >= ${w.since} and m.changed_at <= ${w.now})`,
    ]),
  ]);
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
  const fromChanges = (which: MoveList): ListPart => {
    const items = moves
      .filter((m) => m.list === which)
      .map((m): Item => {
        const d = byId.get(m.opportunityId)!;
        return { ...item(d), reason: m.reason, fromDate: m.fromDate, toDate: m.toDate };
      });
    return { count: items.length, amountFen: items.reduce((s, x) => s + x.amountFen, 0), items };
  };
  const list = (...parts: ListPart[]) => ({
    count: parts.reduce((s, p) => s + p.count, 0),
    amountFen: parts.reduce((s, p) => s + p.amountFen, 0),
    items: parts
      .flatMap((p) => p.items)
      .sort((a, b) => b.amountFen - a.amountFen || a.id - b.id)
      .slice(0, LIMIT),
  });
  return { movedIn: list(fromChanges("movedIn"), created), movedOut: list(fromChanges("movedOut"), lost), slipped: list(fromChanges("slipped")) };
}

type DetailRow = Awaited<ReturnType<ReturnType<typeof withDetails>["execute"]>>[number];
const item = (d: DetailRow) => ({
  id: d.id,
  title: d.title,
  customerName: d.customer_name,
  ownerId: d.owner_id,
  ownerName: d.owner_name,
  amountFen: Number(d.amount_fen),
  status: d.status,
});

/** One SQL part of a list: the viewer's deals matching `where`, counted and summed, the first LIMIT by amount (then id). */
async function rankedPart(db: DbOrTx, viewer: Viewer, reason: "new" | "lost", where: Expression<SqlBool>[]): Promise<ListPart> {
  const part = withDetails(db)
    .select([sql<number>`count(*) over ()`.as("total_n"), sql<number>`sum(o.amount_fen) over ()`.as("total_fen")])
    .where((eb) => eb.and([...where, ...oppConditions(viewer, {})]));
  // ranked outside a LIMIT-fenced derived table, so the planner picks the deals by the window's conditions, not by
  // walking the amount index (src/forecast/risk-store.ts)
  const rows = await db
    .selectFrom(part.limit(Number.MAX_SAFE_INTEGER).as("o"))
    .selectAll()
    .orderBy("o.amount_fen", "desc")
    .orderBy("o.id")
    .limit(LIMIT)
    .execute();
  return {
    count: Number(rows[0]?.total_n ?? 0),
    amountFen: Number(rows[0]?.total_fen ?? 0),
    items: rows.map((d) => ({ ...item(d), reason, fromDate: reason === "new" ? null : d.expected_close_date, toDate: d.expected_close_date })),
  };
}

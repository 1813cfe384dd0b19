/**
 * The audit-log scan the Friday view's moved in / moved out / slipped held before the close_date_changes read model
 * (issue 10): the week's audit rows matched with `diff like …`, their JSON parsed here, the access rule applied after
 * the scan — and the lists built from every deal of those changes and every deal created or lost in the week, fetched
 * with its details and sorted here, as movesFromChanges did before the lists were counted and ranked in SQL. Kept
 * verbatim as the oracle of src/forecast/period-moves-store.test.ts and src/readmodels/oracle.test.ts.
 */
import type { Viewer } from "../../access/viewer";
import type { DbOrTx } from "../../db/tx";
import { type CloseDateChange, type MoveList, periodMoves } from "../../forecast/period-moves";
import { idsIn, type MovesWindow } from "../../forecast/period-moves-store";
import { oppConditions } from "../../forecast/store";

export async function periodMoveLists(db: DbOrTx, viewer: Viewer, w: MovesWindow) {
  const audits = await db
    .selectFrom("audit_log as a")
    .innerJoin("opportunities as o", "o.id", "a.entity_id")
    .select(["a.id", "a.entity_id", "a.at", "a.diff"])
    .where("a.at", ">=", w.since)
    .where("a.at", "<=", w.now)
    .where("a.entity", "=", "opportunity")
    .where("a.action", "=", "update")
    .where("a.diff", "like", '%"expected_close_date"%')
    .where((eb) => eb.and(oppConditions(viewer, {})))
    .execute();
  const changes: CloseDateChange[] = [];
  for (const a of audits) {
    const d = (JSON.parse(a.diff) as { expected_close_date?: [string | null, string | null] }).expected_close_date;
    if (Array.isArray(d)) changes.push({ opportunityId: a.entity_id, at: Number(a.at), id: a.id, before: d[0] ?? null, after: d[1] ?? null });
  }
  return movesFromChanges(db, viewer, w, changes);
}

const LIMIT = 100;

/** The lists from the week's close-date changes, with the deals created or lost in the week and their details. */
async function movesFromChanges(db: DbOrTx, viewer: Viewer, w: MovesWindow, changes: CloseDateChange[]) {
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

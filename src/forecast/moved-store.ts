/**
 * The Friday view's "moved this week": the deals of the period with a stage event in [since, now], each with the
 * origin and kind of its first event since `since` and the kind of its last. The candidates come from index ranges
 * — the stage_visits read model by entered_at (every event but a stay enters a visit) and the stays by their own
 * partial index (migration 200) — not from all of history; the per-deal subqueries run for the period's deals only.
 */
import { sql } from "kysely";
import type { Viewer } from "../access/viewer";
import { visibleOwners } from "../access/visible";
import { oppConditions } from "./store";
import type { DbOrTx } from "../db/tx";

export interface MovedWindow {
  since: number;
  now: number;
  fromDate: string;
  toDate: string;
  periodStart: number;
  periodEnd: number;
}

export async function movedDeals(db: DbOrTx, viewer: Viewer, w: MovedWindow) {
  const { since, now } = w;
  // a scoped viewer's visits through (owner_id, entered_at) (migration 320): the visits carry the deal's owner, so the
  // access rule's implied owner condition changes no answer and the week's visits of other owners are not read
  const owners = visibleOwners(viewer, "owner_id", "opportunity");
  const moved = db
    .selectFrom("stage_visits")
    .select("opportunity_id")
    .where("entered_at", ">=", since)
    .where("entered_at", "<=", now)
    .$if(owners != null, (q) => q.where(owners!))
    .union(db.selectFrom("stage_events").select("opportunity_id").where("kind", "=", "stay").where("at", ">=", since).where("at", "<=", now));
  return db
    .selectFrom(moved.as("m"))
    .innerJoin("opportunities as o", "o.id", "m.opportunity_id")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .select([
      "o.id",
      "o.title",
      "o.owner_id",
      "o.amount_fen",
      "o.status",
      "o.probability_override",
      "s.probability",
      sql<number | null>`(select e.from_stage_id from stage_events e where e.opportunity_id = o.id and e.at >= ${since} order by e.at, e.id limit 1)`.as(
        "from_stage",
      ),
      sql<string | null>`(select e.kind from stage_events e where e.opportunity_id = o.id and e.at >= ${since} order by e.at, e.id limit 1)`.as("first_kind"),
      sql<string | null>`(select e.kind from stage_events e where e.opportunity_id = o.id and e.at >= ${since} order by e.at desc, e.id desc limit 1)`.as(
        "last_kind",
      ),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb("o.expected_close_date", ">=", w.fromDate), eb("o.expected_close_date", "<", w.toDate)]),
        eb.and([eb("o.closed_at", ">=", w.periodStart), eb("o.closed_at", "<", w.periodEnd)]),
      ]),
    )
    .where((eb) => eb.and(oppConditions(viewer, {})))
    .execute();
}

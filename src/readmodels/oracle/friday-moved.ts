/** The full-scan query the Friday view's "moved" held before the read models (issue 10), kept as the oracle tests compare against. */
import { sql } from "kysely";
import type { Viewer } from "../../access/viewer";
import { visible } from "../../access/visible";
import type { DbOrTx } from "../../db/tx";
import type { MovedWindow } from "../../forecast/moved-store";

export async function movedDeals(db: DbOrTx, viewer: Viewer, w: MovedWindow) {
  const { since, now } = w;
  return db
    .selectFrom("opportunities as o")
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
    .where("o.id", "in", (eb) => eb.selectFrom("stage_events").select("opportunity_id").where("at", ">=", since).where("at", "<=", now))
    .where((eb) =>
      eb.or([
        eb.and([eb("o.expected_close_date", ">=", w.fromDate), eb("o.expected_close_date", "<", w.toDate)]),
        eb.and([eb("o.closed_at", ">=", w.periodStart), eb("o.closed_at", "<", w.periodEnd)]),
      ]),
    )
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
    .execute();
}

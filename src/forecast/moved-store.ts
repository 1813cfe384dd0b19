/**
 * The Friday view's "moved this week": the deals of the period with a stage event in [since, now], each with the
 * origin and kind of its first event since `since` and the kind of its last. The candidates come from index ranges
 * — the stage_visits read model by entered_at (every event but a stay enters a visit) and the stays by their own
 * partial index (migration 200) — not from all of history; the per-deal subqueries run for the period's deals only.
 */
import { type SqlBool, sql } from "kysely";
import type { Viewer } from "../access/viewer";
import { visibleOwners } from "../access/visible";
import { oppConditions } from "./store";
import type { DbOrTx } from "../db/tx";
import { isPostgres } from "../db/dialect";

export interface MovedWindow {
  since: number;
  now: number;
  fromDate: string;
  toDate: string;
  periodStart: number;
  periodEnd: number;
}

/**
 * The deals with a stay in [since, now]. A scoped viewer's through their deals' owners: the week's stays of the whole
 * company (18,785 at enterprise scale) joined to the owners' deals (a rep's 1,909) — 33 candidates for the deal
 * look-ups below instead of all 18,785 (rep's Friday view 48 → ~10 ms, docs/benchmarks.md).
 */
function staysOf(db: DbOrTx, viewer: Viewer, since: number, now: number) {
  const owners = visibleOwners(viewer, "so.owner_id", "opportunity");
  const stays = db.selectFrom("stage_events as e").select("e.opportunity_id").where("e.kind", "=", "stay").where("e.at", ">=", since).where("e.at", "<=", now);
  return owners == null ? stays : stays.innerJoin("opportunities as so", "so.id", "e.opportunity_id").where(owners);
}

/** The moved deals as a query (see movedDeals), so the ranking below can read them as a derived table. */
function movedQuery(db: DbOrTx, viewer: Viewer, w: MovedWindow) {
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
    .union(staysOf(db, viewer, since, now));
  // On PostgreSQL the candidates as an array: the deals are then fetched by primary key (tens of thousands of look-ups
  // for an admin at enterprise scale) instead of hash-joined against a scan of every opportunity, which the planner
  // chose from its estimate of the period's share of the table (0.9 s of 1.5 s, docs/benchmarks.md)
  const candidate = isPostgres(db as never) ? sql<SqlBool>`o.id = any(array(${moved}))` : sql<SqlBool>`o.id in (${moved})`;
  return db
    .selectFrom("opportunities as o")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .where(candidate)
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
    .where((eb) => eb.and(oppConditions(viewer, {})));
}

export function movedDeals(db: DbOrTx, viewer: Viewer, w: MovedWindow) {
  return movedQuery(db, viewer, w).execute();
}

/**
 * The `n` moved deals whose weighted change is largest, ranked in SQL as biggestChanges (src/forecast/friday.ts)
 * ranks them — probability then (the stage before the first event since `since`; none for a new deal) and now (100 won,
 * 0 lost), amount × Δ / 100 rounded as Math.round does, |Δ| descending, then id — so only `n` rows come back instead
 * of every moved deal of the period (tens of thousands for an admin at enterprise scale). The caller runs
 * biggestChanges over them, which keeps the rule and gives the same answer.
 */
export async function topMovedDeals(db: DbOrTx, viewer: Viewer, w: MovedWindow, n: number) {
  const then = sql<number>`(case when x.first_kind = 'create' or x.from_stage is null or ps.probability is null then 0 else ps.probability end)`;
  const now = sql<number>`(case x.status when 'won' then 100 when 'lost' then 0 else coalesce(x.probability_override, x.probability) end)`;
  const raw = sql<number>`(x.amount_fen * (${now} - ${then}))`;
  // Math.round: halves toward +∞ (integer division truncates toward zero on both engines)
  const delta = sql<number>`(case when ${raw} >= 0 then (${raw} + 50) / 100 else -((49 - ${raw}) / 100) end)`;
  const keep = sql<SqlBool>`(${delta} <> 0 or (x.first_kind <> 'create' and x.from_stage is not null and ps.probability is not null
    and x.status in ('won', 'lost')))`;
  return (
    db
      // the LIMIT keeps the derived table unflattened on both engines, so each deal's three event look-ups run once, not
      // again in every expression below that names their columns
      .selectFrom(movedQuery(db, viewer, w).limit(Number.MAX_SAFE_INTEGER).as("x"))
      .leftJoin("stages as ps", "ps.id", "x.from_stage")
      .select([
        "x.id",
        "x.title",
        "x.owner_id",
        "x.amount_fen",
        "x.status",
        "x.probability_override",
        "x.probability",
        "x.from_stage",
        "x.first_kind",
        "x.last_kind",
      ])
      .select("ps.probability as probability_then")
      .where(keep)
      .orderBy(sql`abs(${delta})`, "desc")
      .orderBy("x.id")
      .limit(n)
      .execute()
  );
}

/** Win-model SQL: loads deal histories, trains and stores a model, scores open deals into win_predictions. */
import type { ExpressionBuilder } from "kysely";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { Db } from "../db/connect";
import type { Database } from "../db/schema";
import { inTx } from "../db/tx";
import { ownerRecords, type OpportunityHistory, type StageInfo } from "./history";
import { DEFAULT_WIN_MODEL_OPTIONS, scoreOpportunity, trainWinModel, type WinModel, type WinModelOptions } from "./win-model";

const CHUNK = 2_000;

type OppRow = {
  id: number;
  owner_id: number;
  created_at: number;
  closed_at: number | null;
  status: "open" | "won" | "lost";
  stage_id: number;
  stage_entered_at: number;
  amount_fen: number;
  source: string | null;
  size_band: string | null;
};

async function withEvents(db: Db, rows: OppRow[]): Promise<OpportunityHistory[]> {
  const out: OpportunityHistory[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const ids = part.map((r) => r.id);
    const [events, acts] = await Promise.all([
      db
        .selectFrom("stage_events")
        .select(["opportunity_id", "at", "to_stage_id", "kind"])
        .where("opportunity_id", "in", ids)
        .orderBy("opportunity_id")
        .orderBy("at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("activities")
        .select(["opportunity_id", "done_at"])
        .where("opportunity_id", "in", ids)
        .where("done_at", "is not", null)
        .orderBy("done_at")
        .execute(),
    ]);
    const ev = new Map<number, { at: number; toStageId: number; kind: string }[]>();
    for (const e of events) {
      const l = ev.get(e.opportunity_id) ?? [];
      l.push({ at: Number(e.at), toStageId: e.to_stage_id, kind: e.kind });
      ev.set(e.opportunity_id, l);
    }
    const ac = new Map<number, number[]>();
    for (const a of acts) {
      const l = ac.get(a.opportunity_id!) ?? [];
      l.push(Number(a.done_at));
      ac.set(a.opportunity_id!, l);
    }
    for (const r of part)
      out.push({
        id: r.id,
        ownerId: r.owner_id,
        createdAt: Number(r.created_at),
        closedAt: r.closed_at == null ? null : Number(r.closed_at),
        status: r.status,
        stageId: r.stage_id,
        stageEnteredAt: Number(r.stage_entered_at),
        amountFen: Number(r.amount_fen),
        source: r.source,
        tier: r.size_band,
        events: ev.get(r.id) ?? [],
        activityTimes: ac.get(r.id) ?? [],
      });
  }
  return out;
}

const oppQuery = (db: Db) =>
  db
    .selectFrom("opportunities as o")
    .innerJoin("customers as c", "c.id", "o.customer_id")
    .select(["o.id", "o.owner_id", "o.created_at", "o.closed_at", "o.status", "o.stage_id", "o.stage_entered_at", "o.amount_fen", "o.source", "c.size_band"]);

/** The most recently closed deals (at most `limit`), with their events and activity times. */
export async function closedHistories(db: Db, limit: number): Promise<OpportunityHistory[]> {
  const rows = await oppQuery(db)
    .where("o.status", "in", ["won", "lost"])
    .where("o.closed_at", "is not", null)
    .orderBy("o.closed_at", "desc")
    .limit(limit)
    .execute();
  return withEvents(db, rows as OppRow[]);
}

export async function stageInfos(db: Db): Promise<Map<number, StageInfo>> {
  const rows = await db
    .selectFrom("stages as s")
    .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
    .select(["s.id", "s.key", "p.key as pkey", "s.probability"])
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, label: `${r.pkey}/${r.key}`, probability: r.probability }]));
}

export interface TrainOutcome {
  modelId: number;
  model: WinModel;
  scored: number;
  trainedOn: number;
}

/** Trains on the latest closed deals, stores the model, and scores every open deal with it. */
export async function trainAndScore(
  db: Db,
  now: number,
  actorId: number | null,
  opts: Partial<WinModelOptions> & { maxDeals?: number } = {},
): Promise<TrainOutcome> {
  const options = { ...DEFAULT_WIN_MODEL_OPTIONS, ...opts };
  delete (options as { maxDeals?: number }).maxDeals;
  const [closed, stages] = await Promise.all([closedHistories(db, opts.maxDeals ?? 60_000), stageInfos(db)]);
  const model = trainWinModel(closed, stages, options);
  const { id } = await db
    .insertInto("win_models")
    .values({
      trained_at: now,
      trained_by: actorId,
      evaluation: JSON.stringify(model.evaluation),
      params: JSON.stringify({ version: model.version, options: model.options, encoder: model.encoder, intercept: model.intercept, weights: model.weights }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const scored = await scoreOpen(db, { ...model, id }, stages, ownerRecords(closed), now);
  return { modelId: id, model, scored, trainedOn: closed.length };
}

/** Enough closed deals of each outcome to learn from (fewer: no model, the stage probabilities stand). */
export const MIN_PER_OUTCOME = 20;

/** The nightly retrain: trains when there are enough won and lost deals; else says why not. */
export async function retrainIfEnough(db: Db, now: number): Promise<TrainOutcome | { skipped: string }> {
  const counts = await db
    .selectFrom("opportunities")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "in", ["won", "lost"])
    .groupBy("status")
    .execute();
  const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  if (n("won") < MIN_PER_OUTCOME || n("lost") < MIN_PER_OUTCOME)
    return { skipped: `needs ${MIN_PER_OUTCOME} won and ${MIN_PER_OUTCOME} lost deals (has ${n("won")} and ${n("lost")})` };
  return trainAndScore(db, now, null);
}

/**
 * Scores, with the latest model, the open deals whose prediction is missing or stale: created since the last
 * training, or changed (moved, re-valued) since they were scored.
 */
export async function scoreNewDeals(db: Db, now: number): Promise<number> {
  const m = await latestModel(db);
  if (!m) return 0;
  const [closed, stages] = await Promise.all([closedHistories(db, 60_000), stageInfos(db)]);
  return scoreOpen(db, asModel(m), stages, ownerRecords(closed), now, true);
}

const asModel = (m: NonNullable<Awaited<ReturnType<typeof latestModel>>>) =>
  ({ ...m, version: 1 as const, evaluation: m.evaluation }) as unknown as WinModel & { id: number };

/**
 * The opportunity page's path: scores these deals (those the viewer may see, open, without a current prediction)
 * at once, so a deal created a minute ago shows a prediction; the owner's record comes from the owner's closed deals.
 */
export async function scoreIfStale(db: Db, viewer: Viewer, ids: number[], now: number): Promise<number> {
  if (!ids.length) return 0;
  const m = await latestModel(db);
  if (!m) return 0;
  const rows = await oppQuery(db)
    .where("o.id", "in", ids)
    .where("o.status", "=", "open")
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
    .where(stale)
    .execute();
  if (!rows.length) return 0;
  const owners = [...new Set(rows.map((r) => r.owner_id))];
  const closed = await db
    .selectFrom("opportunities")
    .select(["id", "owner_id", "closed_at", "status"])
    .where("owner_id", "in", owners)
    .where("status", "in", ["won", "lost"])
    .where("closed_at", "is not", null)
    .execute();
  const records = ownerRecords(closed.map((c) => ({ id: c.id, ownerId: c.owner_id, closedAt: Number(c.closed_at), status: c.status }) as OpportunityHistory));
  return scoreOpen(db, asModel(m), await stageInfos(db), records, now, true, ids);
}

/** No prediction, or one older than the deal's last change. */
const stale = ({ not, exists, selectFrom }: ExpressionBuilder<Database & { o: Database["opportunities"] }, "o">) =>
  not(
    exists(
      selectFrom("win_predictions as wp").select("wp.opportunity_id").whereRef("wp.opportunity_id", "=", "o.id").whereRef("wp.scored_at", ">=", "o.updated_at"),
    ),
  );

async function scoreOpen(
  db: Db,
  model: WinModel & { id: number },
  stages: Map<number, StageInfo>,
  owners: ReturnType<typeof ownerRecords>,
  now: number,
  onlyMissing = false,
  only?: number[],
): Promise<number> {
  let n = 0;
  let lastId = 0;
  for (;;) {
    let q = oppQuery(db).where("o.status", "=", "open").where("o.id", ">", lastId);
    if (only) q = q.where("o.id", "in", only);
    if (onlyMissing) q = q.where(stale);
    const rows = await q.orderBy("o.id").limit(CHUNK).execute();
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1].id;
    const hs = await withEvents(db, rows as OppRow[]);
    const values = hs.flatMap((h) => {
      const stage = stages.get(h.stageId);
      if (!stage) return [];
      const p = scoreOpportunity(model, h, stage, owners.get(h.ownerId), now);
      return [{ opportunity_id: h.id, model_id: model.id, probability: p.probability, factors: JSON.stringify(p.factors), scored_at: now }];
    });
    await inTx(db, async (tx) => {
      await tx
        .deleteFrom("win_predictions")
        .where(
          "opportunity_id",
          "in",
          values.map((v) => v.opportunity_id),
        )
        .execute();
      for (let i = 0; i < values.length; i += 500)
        await tx
          .insertInto("win_predictions")
          .values(values.slice(i, i + 500))
          .execute();
    });
    n += values.length;
  }
  // predictions of deals closed since the last run are stale
  if (!onlyMissing) await db.deleteFrom("win_predictions").where("model_id", "<>", model.id).execute();
  return n;
}

export async function latestModel(db: Db) {
  const r = await db.selectFrom("win_models").selectAll().orderBy("id", "desc").limit(1).executeTakeFirst();
  if (!r) return null;
  const params = JSON.parse(r.params) as Pick<WinModel, "encoder" | "intercept" | "weights" | "options">;
  return { id: r.id, trainedAt: Number(r.trained_at), trainedBy: r.trained_by, evaluation: JSON.parse(r.evaluation) as WinModel["evaluation"], ...params };
}

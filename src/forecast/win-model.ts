/**
 * The predicted win probability: a logistic regression on features taken at random instants in each closed
 * deal's open life (never after its close), evaluated on the deals that closed last (a time-based hold-out).
 */
import { auc, brier, calibration, logLoss, type CalibrationBin } from "./evaluation";
import { type ExcludedFeature, LEAK_AUC, leakingFeatures, withoutFeatures } from "./leak-guard";
import { encode, fitEncoder, topFactors, type Encoder, type FeatureRow, type Factor } from "./features";
import { featureRow, ownerRecordAt, ownerRecords, type OpportunityHistory, type OwnerRecord, stateAt, type StageInfo } from "./history";
import { fitLogistic, predict } from "./logistic";
import { seededRandom } from "../core/seeded-random";

export interface WinModelOptions {
  seed: number;
  /** L2 penalty */
  lambda: number;
  /** as-of instants drawn per closed deal */
  samplesPerDeal: number;
  /** share of closed deals, the latest to close, held out for evaluation */
  holdoutShare: number;
  /** category values rarer than this get no column */
  minCategoryCount: number;
}

export const DEFAULT_WIN_MODEL_OPTIONS: WinModelOptions = { seed: 20260611, lambda: 0.001, samplesPerDeal: 3, holdoutShare: 0.25, minCategoryCount: 20 };

export interface Example {
  opportunityId: number;
  closedAt: number;
  label: 0 | 1;
  row: FeatureRow;
  stageProbability: number;
}

export interface Scores {
  auc: number | null;
  brier: number | null;
  logLoss: number | null;
}

export interface WinModelEvaluation {
  trainDeals: number;
  holdoutDeals: number;
  trainExamples: number;
  holdoutExamples: number;
  /** deals closing at or after this instant form the hold-out */
  holdoutFrom: number | null;
  holdoutWinRate: number | null;
  model: Scores;
  /** the same hold-out scored with the stage's probability */
  stage: Scores;
  calibration: CalibrationBin[];
  stageCalibration: CalibrationBin[];
  /** false whenever a leak is suspected: a near-perfect score is not a win */
  beatsStage: boolean;
  /** features left out before training because they give the outcome away */
  excludedFeatures: ExcludedFeature[];
  /** the hold-out AUC is above 0.98: some feature still leaks the outcome */
  suspectedLeak: boolean;
}

export interface WinModel {
  version: 1;
  options: WinModelOptions;
  encoder: Encoder;
  intercept: number;
  weights: number[];
  evaluation: WinModelEvaluation;
}

/** Draws `k` instants uniformly within each closed deal's open life and reads the deal's features there. */
export function sampleExamples(
  closed: readonly OpportunityHistory[],
  stages: ReadonlyMap<number, StageInfo>,
  owners: ReadonlyMap<number, OwnerRecord>,
  seed: number,
  k: number,
): Example[] {
  const rnd = seededRandom(seed);
  const out: Example[] = [];
  for (const h of [...closed].sort((a, b) => a.id - b.id)) {
    if (h.closedAt === null || h.status === "open" || h.closedAt <= h.createdAt) continue;
    for (let i = 0; i < k; i++) {
      const t = h.createdAt + Math.floor(rnd() * (h.closedAt - h.createdAt));
      const s = stateAt(h, t);
      const stage = stages.get(s.stageId);
      if (!stage) continue;
      out.push({
        opportunityId: h.id,
        closedAt: h.closedAt,
        label: h.status === "won" ? 1 : 0,
        stageProbability: stage.probability,
        row: featureRow(h, t, stage, ownerRecordAt(owners.get(h.ownerId), t), s),
      });
    }
  }
  return out;
}

function fit(train: readonly Example[], opts: WinModelOptions) {
  const encoder = fitEncoder(
    train.map((e) => e.row),
    opts.minCategoryCount,
  );
  const X = train.map((e) => encode(encoder, e.row));
  const f = fitLogistic(
    X,
    train.map((e) => e.label),
    { lambda: opts.lambda, seed: opts.seed },
  );
  return { encoder, intercept: f.intercept, weights: f.weights };
}

const scores = (p: number[], y: number[]): Scores => ({ auc: auc(p, y), brier: brier(p, y), logLoss: logLoss(p, y) });

/**
 * Trains on the deals that closed first, scores the rest against the stage probabilities, then refits on all
 * closed deals for use (the evaluation describes the hold-out fit).
 */
export function trainWinModel(
  histories: readonly OpportunityHistory[],
  stages: ReadonlyMap<number, StageInfo>,
  opts: WinModelOptions = DEFAULT_WIN_MODEL_OPTIONS,
): WinModel {
  const closed = histories.filter((h) => h.status !== "open" && h.closedAt !== null).sort((a, b) => a.closedAt! - b.closedAt! || a.id - b.id);
  const owners = ownerRecords(closed);
  const sampled = sampleExamples(closed, stages, owners, opts.seed, opts.samplesPerDeal);
  const excludedFeatures = leakingFeatures(sampled);
  const drop = new Set(excludedFeatures.map((f) => f.name));
  const examples = sampled.map((e) => ({ ...e, row: withoutFeatures(e.row, drop) }));
  const cutIndex = Math.floor(closed.length * (1 - opts.holdoutShare));
  const holdoutFrom = cutIndex < closed.length ? closed[cutIndex].closedAt : null;
  const train = holdoutFrom === null ? examples : examples.filter((e) => e.closedAt < holdoutFrom);
  const hold = holdoutFrom === null ? [] : examples.filter((e) => e.closedAt >= holdoutFrom);

  const held = fit(train, opts);
  const y = hold.map((e) => e.label);
  const pModel = hold.map((e) => predict(held, encode(held.encoder, e.row)));
  const pStage = hold.map((e) => e.stageProbability / 100);
  const model = scores(pModel, y);
  const stage = scores(pStage, y);
  const holdDeals = new Set(hold.map((e) => e.opportunityId));
  const evaluation: WinModelEvaluation = {
    trainDeals: new Set(train.map((e) => e.opportunityId)).size,
    holdoutDeals: holdDeals.size,
    trainExamples: train.length,
    holdoutExamples: hold.length,
    holdoutFrom,
    holdoutWinRate: y.length ? y.reduce((a: number, b) => a + b, 0) / y.length : null,
    model,
    stage,
    calibration: calibration(pModel, y),
    stageCalibration: calibration(pStage, y),
    excludedFeatures,
    suspectedLeak: model.auc !== null && model.auc > LEAK_AUC,
    beatsStage: !(model.auc !== null && model.auc > LEAK_AUC) && model.brier !== null && stage.brier !== null && model.brier < stage.brier,
  };
  const final = fit(examples, opts);
  return { version: 1, options: opts, ...final, evaluation };
}

export interface WinPrediction {
  probability: number;
  factors: Factor[];
}

/** Scores an open deal as it stands at `now`. */
export function scoreOpportunity(
  model: Pick<WinModel, "encoder" | "intercept" | "weights">,
  h: OpportunityHistory,
  stage: StageInfo,
  owner: OwnerRecord | undefined,
  now: number,
  nFactors = 3,
): WinPrediction {
  const row = featureRow(h, now, stage, ownerRecordAt(owner, now), stateAt(h, now + 1));
  return { probability: predict(model, encode(model.encoder, row)), factors: topFactors(model.encoder, model.weights, row, nFactors) };
}

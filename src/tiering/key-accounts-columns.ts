/**
 * The key-account matrix over columns (issue 10): what keyAccountMatrix (key-accounts.ts) answers — cells, signing
 * buckets and the places a drill-down picks — with each customer's profit, stage, band and signing bucket in typed
 * arrays and objects built only for the places listed (the first `limit` by profit, then id). At 200,000 customers
 * the object path built a facts object and a place per customer and filtered all places 18 times on every call. The
 * object path stays as the oracle (key-accounts-columns.test.ts). Pure.
 */
import { firstInOrder } from "../core/first-in-order";
import {
  type AccountPlace,
  DEFAULT_KEY_ACCOUNTS,
  FUNNEL_STAGES,
  type KeyAccountConfig,
  type ProfitBand,
  SIGNING_BUCKETS,
  signingBucket,
  stageOf,
} from "./key-accounts";
import { competitionRanks } from "./rank";

export interface AccountColumns {
  customerId: Float64Array;
  /** 1: a won deal or an order before the window's end */
  signed: Uint8Array;
  actualProfit: Float64Array;
  expectedProfit: Float64Array;
  /** NaN without open opportunities */
  maxOpenProbability: Float64Array;
  earliestClose: readonly (string | null)[];
}

const BANDS: ProfitBand[] = ["high", "medium", "low"];

/** The drill-down of a bar or cell: one signing bucket and/or matrix cell. */
export interface AccountPick {
  signing?: string;
  stage?: string;
  band?: string;
}

export function keyAccountColumns(c: AccountColumns, asOf: string, limit: number, pick: AccountPick = {}, cfg: KeyAccountConfig = DEFAULT_KEY_ACCOUNTS) {
  const n = c.customerId.length;
  const profit = new Float64Array(n);
  for (let i = 0; i < n; i++) profit[i] = c.signed[i] ? c.actualProfit[i] : c.expectedProfit[i];
  const ranks = competitionRanks(Array.from(profit), true);
  const stage = new Int8Array(n),
    band = new Int8Array(n),
    signing = new Int8Array(n); // -1: none (signed or market)
  const cellN = new Float64Array(12),
    cellP = new Float64Array(12),
    signN = new Float64Array(SIGNING_BUCKETS.length),
    signP = new Float64Array(SIGNING_BUCKETS.length);
  const stageKeys = FUNNEL_STAGES.map((s) => s.key);
  const picked: number[] = [];
  for (let i = 0; i < n; i++) {
    const max = c.maxOpenProbability[i];
    const st = stageOf(
      { customerId: 0, signed: c.signed[i] === 1, actualProfit: 0, expectedProfit: 0, maxOpenProbability: Number.isNaN(max) ? null : max, earliestClose: null },
      cfg.targetProbability,
    );
    stage[i] = stageKeys.indexOf(st);
    band[i] = profit[i] <= 0 ? 2 : ranks[i] - 1 < cfg.bands.high * n - 1e-9 ? 0 : ranks[i] - 1 < (cfg.bands.high + cfg.bands.medium) * n - 1e-9 ? 1 : 2;
    signing[i] = st === "signed" || st === "market" ? -1 : SIGNING_BUCKETS.indexOf(signingBucket(asOf, c.earliestClose[i]));
    const cell = band[i] * 4 + stage[i];
    cellN[cell]++;
    cellP[cell] += profit[i];
    if (signing[i] >= 0) {
      signN[signing[i]]++;
      signP[signing[i]] += profit[i];
    }
    if (
      (!pick.signing || (signing[i] >= 0 && SIGNING_BUCKETS[signing[i]] === pick.signing)) &&
      (!pick.stage || st === pick.stage) &&
      (!pick.band || BANDS[band[i]] === pick.band)
    )
      picked.push(i);
  }
  const cells = BANDS.flatMap((b, bi) => stageKeys.map((key, si) => ({ band: b, stage: key, customers: cellN[bi * 4 + si], profit: cellP[bi * 4 + si] })));
  const signingRows = SIGNING_BUCKETS.map((bucket, k) => ({ bucket, customers: signN[k], expectedProfit: signP[k] }));
  const top = firstInOrder(picked, limit, (a, b) => profit[b] - profit[a] || c.customerId[a] - c.customerId[b]);
  const places: AccountPlace[] = top.map((i) => ({
    customerId: c.customerId[i],
    stage: stageKeys[stage[i]],
    profit: profit[i],
    profitKind: c.signed[i] ? "actual" : "expected",
    band: BANDS[band[i]],
    signing: signing[i] < 0 ? null : SIGNING_BUCKETS[signing[i]],
  }));
  return { cells, signing: signingRows, placesTotal: picked.length, places };
}

/** Scoring a probabilistic classifier: AUC, Brier score, log loss and a calibration table. */

/** Area under the ROC curve: the chance a random won deal scores above a random lost one (ties count half). */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Mann–Whitney U from average ranks, so tied scores share their rank.
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (labels[idx[k]] === 1) {
        rankSumPos += avgRank;
        pos++;
      }
    i = j + 1;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared difference between the predicted probability and the outcome (0 = perfect, 0.25 = coin toss). */
export function brier(probs: readonly number[], labels: readonly number[]): number | null {
  if (probs.length === 0) return null;
  let s = 0;
  for (let i = 0; i < probs.length; i++) s += (probs[i] - labels[i]) ** 2;
  return s / probs.length;
}

export function logLoss(probs: readonly number[], labels: readonly number[], eps = 1e-12): number | null {
  if (probs.length === 0) return null;
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probs[i]));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / probs.length;
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

/** Predictions cut into equal-width bins; in a calibrated model each bin's observed win rate matches its mean prediction. */
export function calibration(probs: readonly number[], labels: readonly number[], bins = 10): CalibrationBin[] {
  const out = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, sumP: 0, sumY: 0 }));
  for (let i = 0; i < probs.length; i++) {
    const b = out[Math.min(bins - 1, Math.max(0, Math.floor(probs[i] * bins)))];
    b.count++;
    b.sumP += probs[i];
    b.sumY += labels[i];
  }
  return out.map((b) => ({
    from: b.from,
    to: b.to,
    count: b.count,
    meanPredicted: b.count ? b.sumP / b.count : null,
    observedRate: b.count ? b.sumY / b.count : null,
  }));
}

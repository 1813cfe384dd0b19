/** CSAT and NPS summaries from counts of answers per score. */

export interface ScoreCount {
  kind: "csat" | "nps";
  score: number;
  count: number;
}

export interface SatisfactionSummary {
  csat: { answers: number; average: number | null /** share answering 4 or 5 on the 1–5 scale */; satisfiedShare: number | null };
  nps: { answers: number; promoters: number; passives: number; detractors: number /** % promoters − % detractors, −100…100 */; score: number | null };
}

export const CSAT_RANGE = [1, 5] as const;
export const NPS_RANGE = [0, 10] as const;

/** CSAT: average and share of 4–5 answers; NPS: promoters 9–10, passives 7–8, detractors 0–6. */
export function satisfactionSummary(rows: readonly ScoreCount[]): SatisfactionSummary {
  let cN = 0,
    cSum = 0,
    cTop = 0,
    nN = 0,
    pro = 0,
    pas = 0,
    det = 0;
  for (const { kind, score, count } of rows) {
    if (kind === "csat") {
      cN += count;
      cSum += score * count;
      if (score >= 4) cTop += count;
    } else {
      nN += count;
      if (score >= 9) pro += count;
      else if (score >= 7) pas += count;
      else det += count;
    }
  }
  return {
    csat: { answers: cN, average: cN ? cSum / cN : null, satisfiedShare: cN ? cTop / cN : null },
    nps: { answers: nN, promoters: pro, passives: pas, detractors: det, score: nN ? (100 * (pro - det)) / nN : null },
  };
}

/**
 * One opportunity's walk through a pipeline: a 'create' event into the first stage, then one stage at a time
 * forward ('advance'), sometimes 'stay' or 'back' with a reason, until 'won', 'lost' (with a reason key) or
 * `now` (still open). Pure: the caller passes the random stream and the clock.
 */
import { DAY_MS } from "../core/dates";
import type { Rng } from "./random";
import { BACK_REASONS, STAY_REASONS } from "./words";

export interface PipelineShape {
  openStageIds: number[];
  wonStageId: number;
  lostStageId: number;
  /** chance of moving from each open stage to the next (the last one: to Won) */
  conversion: number[];
  /** median days spent in each open stage */
  medianDays: number[];
}

export interface JourneyInput {
  createdAt: number;
  now: number;
  /** odds multiplier on every step: owner skill × source quality (1 = average) */
  odds: number;
  /** multiplier on time in stage: bigger deals and stalled deals take longer */
  pace: number;
}

export interface JourneyEvent {
  from: number | null;
  to: number;
  kind: "create" | "advance" | "back" | "stay" | "won" | "lost";
  reason: string | null;
  at: number;
}

export interface Journey {
  events: JourneyEvent[];
  status: "open" | "won" | "lost";
  /** index of the current open stage (the last one held, for closed deals) */
  position: number;
  stageEnteredAt: number;
  closedAt: number | null;
  lostReason: string | null;
  /** the furthest open stage index reached */
  furthest: number;
}

const EARLY_LOSS: readonly (readonly [string, number])[] = [
  ["budget", 25],
  ["timing", 20],
  ["product_fit", 20],
  ["no_decision", 20],
  ["competitor", 10],
  ["other", 5],
];
const LATE_LOSS: readonly (readonly [string, number])[] = [
  ["competitor", 35],
  ["price", 30],
  ["relationship", 15],
  ["no_decision", 10],
  ["budget", 5],
  ["other", 5],
];

const withOdds = (p: number, k: number) => (p * k) / (1 - p + p * k);

function lossReason(rng: Rng, position: number, stages: number): string {
  const list = position < stages / 2 ? EARLY_LOSS : LATE_LOSS;
  return list[rng.weighted(list.map((x) => x[1]))][0];
}

export function simulateJourney(rng: Rng, shape: PipelineShape, input: JourneyInput): Journey {
  const { openStageIds: ids, conversion, medianDays } = shape;
  const last = ids.length - 1;
  let t = input.createdAt;
  let pos = 0;
  let furthest = 0;
  let backs = 0;
  let afterBack = false;
  const events: JourneyEvent[] = [{ from: null, to: ids[0], kind: "create", reason: null, at: t }];
  let enteredAt = t;
  for (;;) {
    const median = medianDays[pos] * input.pace;
    const dwell = Math.max(0.2, rng.logNormal(median, 0.75)) * DAY_MS;
    const next = Math.round(t + dwell);
    // A long wait is usually explained: "the customer stays" (000), with a reason, once or twice.
    if (dwell > 1.3 * median * DAY_MS || rng.chance(0.3)) {
      const stays = dwell > 3 * median * DAY_MS ? 2 : 1;
      for (let s = 1; s <= stays; s++) {
        const at = Math.round(t + (dwell * s) / (stays + 1));
        if (at >= input.now) break;
        events.push({ from: ids[pos], to: ids[pos], kind: "stay", reason: rng.pick(STAY_REASONS), at });
      }
    }
    if (next >= input.now) return { events, status: "open", position: pos, stageEnteredAt: enteredAt, closedAt: null, lostReason: null, furthest };
    if (pos > 0 && backs < 2 && rng.chance(0.05)) {
      events.push({ from: ids[pos], to: ids[pos - 1], kind: "back", reason: rng.pick(BACK_REASONS), at: next });
      pos--;
      backs++;
      afterBack = true;
      t = next;
      enteredAt = next;
      continue;
    }
    const p = afterBack ? 0.8 : withOdds(conversion[pos], input.odds);
    afterBack = false;
    if (rng.chance(p)) {
      if (pos === last) {
        events.push({ from: ids[pos], to: shape.wonStageId, kind: "won", reason: null, at: next });
        return { events, status: "won", position: pos, stageEnteredAt: next, closedAt: next, lostReason: null, furthest };
      }
      events.push({ from: ids[pos], to: ids[pos + 1], kind: "advance", reason: null, at: next });
      pos++;
      t = next;
      enteredAt = next;
      if (pos > furthest) furthest = pos;
      continue;
    }
    // Lost deals tend to linger before someone closes them.
    const at = Math.min(input.now - 1, Math.round(next + rng.range(0, 0.4) * dwell));
    const reason = lossReason(rng, pos, ids.length);
    events.push({ from: ids[pos], to: shape.lostStageId, kind: "lost", reason, at });
    return { events, status: "lost", position: pos, stageEnteredAt: at, closedAt: at, lostReason: reason, furthest };
  }
}

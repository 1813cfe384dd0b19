/**
 * Demo opportunities with their full stage-event history, checklist ticks, activities and — for won deals —
 * quote, contract, payments and the first order. Streams: one deal at a time, written in batches.
 */
import { DAY_MS } from "../core/dates";
import { writeDealActivities } from "./activities";
import { type Cell, spec } from "./bulk";
import { writeWonDealCash } from "./cash";
import type { DemoContext } from "./context";
import { pickCustomer, shanghaiDate } from "./customers";
import type { DemoPipeline } from "./deal-pipelines";
import { type Journey, simulateJourney } from "./journey";
import { Rng, table } from "./random";
import { PRODUCTS } from "./words";

export const opportunitiesSpec = spec(
  "opportunities",
  "id pipeline_id stage_id customer_id owner_id title:text amount_fen units:int4 product:text " +
    "expected_close_date:text source:text forecast_category:text status:text lost_reason:text closed_at stage_entered_at created_at updated_at",
);
export const eventsSpec = spec("stage_events", "opportunity_id from_stage_id to_stage_id kind:text reason:text override:int4 actor_id at");
export const checksSpec = spec("criterion_checks", "opportunity_id criterion_id checked_by checked_at note:text");

const WINDOW = 730 * DAY_MS;
/** Sources of 001 and how much each tilts the odds of every step. */
const SOURCE_ODDS: Record<string, number> = { cold_visit: 0.7, follow_up: 1.0, penetration: 1.25, cultivation: 1.6, inbound: 1.3 };
const newCustomerSource = table([
  ["cold_visit", 45],
  ["follow_up", 35],
  ["inbound", 20],
] as const);
const existingCustomerSource = table([
  ["penetration", 40],
  ["cultivation", 45],
  ["inbound", 15],
] as const);
const TITLE_SUFFIX = ["项目", "采购", "升级改造", "二期", "扩容", "试点"];
const MIN_FEN = 1_000_000;
const MAX_FEN = 500_000_000;

interface DealSize {
  product: string;
  units: number;
  amountFen: number;
}

function dealSize(rng: Rng, z: number): DealSize {
  const target = Math.min(MAX_FEN, Math.max(MIN_FEN, rng.logNormal(15_000_000 * Math.exp(0.35 * z), 1.0)));
  const fits = PRODUCTS.filter((p) => p.priceFen <= target);
  const product = fits.length ? rng.pick(fits) : PRODUCTS[6];
  let units = Math.max(1, Math.round(target / product.priceFen));
  if (units * product.priceFen > MAX_FEN) units = Math.floor(MAX_FEN / product.priceFen);
  const discount = 1 - rng.range(0, 0.15);
  const amountFen = Math.min(MAX_FEN, Math.max(MIN_FEN, Math.round((units * product.priceFen * discount) / 10_000) * 10_000));
  return { product: product.name, units, amountFen };
}

function forecastCategory(rng: Rng, j: Journey, probability: number): string {
  if (j.status === "won") return "commit";
  if (j.status === "lost") return "omitted";
  if (rng.chance(0.05)) return "omitted";
  if (probability >= 75) return rng.chance(0.8) ? "commit" : "best_case";
  return probability >= 50 ? "best_case" : "pipeline";
}

/** Ticks for the checklists of the stages a deal has left forward, and part of its current stage's list. */
async function writeChecks(ctx: DemoContext, rng: Rng, p: DemoPipeline, oppId: number, owner: number, j: Journey): Promise<void> {
  const w = ctx.writer;
  const leftAt = new Map<number, number>();
  for (const e of j.events) if ((e.kind === "advance" || e.kind === "won") && e.from !== null && !leftAt.has(e.from)) leftAt.set(e.from, e.at);
  for (let pos = 0; pos < p.openStageIds.length; pos++) {
    const left = leftAt.get(p.openStageIds[pos]);
    const current = j.status === "open" && pos === j.position;
    if (left === undefined && !current) continue;
    for (const criterion of p.criteria[pos]) {
      if (current && left === undefined && rng.chance(0.5)) continue;
      const at = left !== undefined ? left - Math.round(rng.range(0.05, 3) * DAY_MS) : Math.round(j.stageEnteredAt + rng.next() * (ctx.now - j.stageEnteredAt));
      const row: Cell[] = [oppId, criterion, owner, at, rng.chance(0.15) ? "已在拜访记录中确认" : null];
      if (w.add(checksSpec, row)) await w.flushFull();
    }
  }
}

export async function writeDeals(ctx: DemoContext): Promise<void> {
  const { spec: scale, now, customers: m, people, writer: w } = ctx;
  const rng = new Rng(ctx.seed, 20);
  const n = scale.opportunities;
  // Creation times first, sorted, so ids follow time as in a real system; more deals lately (growth).
  const created = new Float64Array(n);
  for (let i = 0; i < n; i++) created[i] = now - WINDOW + WINDOW * rng.next() ** 0.85;
  created.sort();
  const teamReps = people.teams.map((_, t) => people.reps.filter((r) => r.team === t));
  const mixKeys = scale.pipelineMix.map((x) => x[0]);
  const mixWeights = scale.pipelineMix.map((x) => x[1]);
  for (let i = 0; i < n; i++) {
    const oppId = ctx.firstOpportunityId + i;
    const p = ctx.pipelines.get(mixKeys[rng.weighted(mixWeights)]);
    if (!p) throw new Error("demo pipeline missing");
    const c = pickCustomer(m, rng);
    const createdAt = Math.round(created[i]);
    // The customer existed before its first deal.
    if (m.createdAt[c] > createdAt) m.createdAt[c] = createdAt - Math.round(rng.range(0, 20) * DAY_MS);
    const team = people.teams[m.team[c]];
    let owner = m.owner[c];
    if (rng.chance(0.1)) owner = rng.pick(teamReps[m.team[c]]).id;
    const rep = people.reps[ctx.repIndex.get(owner) ?? 0];
    const existing = m.createdAt[c] < now - WINDOW || m.won[c] > 0;
    const source = existing ? existingCustomerSource(rng) : newCustomerSource(rng);
    const size = dealSize(rng, m.z[c]);
    const stalled = rng.chance(0.08) ? rng.range(3, 6) : 1;
    const pace = (size.amountFen / 15_000_000) ** 0.15 * stalled;
    const j = simulateJourney(rng, p, { createdAt, now, odds: rep.skill * SOURCE_ODDS[source] * Math.exp(0.15 * m.z[c]), pace });

    for (const e of j.events) {
      const override = e.kind === "advance" && rng.chance(0.03) ? 1 : 0;
      if (w.add(eventsSpec, [oppId, e.from, e.to, e.kind, e.reason, override, e.kind === "create" || rng.chance(0.9) ? owner : team.managerId, e.at]))
        await w.flushFull();
    }
    const last = j.events[j.events.length - 1];
    const stageId = j.status === "won" ? p.wonStageId : j.status === "lost" ? p.lostStageId : p.openStageIds[j.position];
    const remaining = p.medianDays.slice(j.position).reduce((a, b) => a + b, 0) * pace;
    const expected = j.status === "open" ? j.stageEnteredAt + remaining * rng.range(0.5, 1.5) * DAY_MS : (j.closedAt ?? now) + rng.range(-20, 30) * DAY_MS;
    const title = `${m.shorts[c]}${size.product.replace(/\s.*$/, "")}${rng.pick(TITLE_SUFFIX)}`;
    const row: Cell[] = [
      oppId,
      p.id,
      stageId,
      m.firstId + c,
      owner,
      title,
      size.amountFen,
      size.units,
      size.product,
      shanghaiDate(expected),
      source,
      forecastCategory(rng, j, p.probability[j.position]),
      j.status,
      j.lostReason,
      j.closedAt,
      j.stageEnteredAt,
      createdAt,
      last.at,
    ];
    if (w.add(opportunitiesSpec, row)) await w.flushFull();

    if (j.status === "open" || scale.checksForClosed) await writeChecks(ctx, rng, p, oppId, owner, j);
    await writeDealActivities(ctx, rng, { oppId, customer: c, owner, pipeline: p, journey: j, product: size.product });
    if (j.status === "won") {
      m.won[c]++;
      const month = `${ctx.repIndex.get(owner)}|${shanghaiDate(j.closedAt ?? now).slice(0, 7)}`;
      ctx.wonByRepMonth.set(month, (ctx.wonByRepMonth.get(month) ?? 0) + size.amountFen);
      await writeWonDealCash(ctx, rng, { oppId, customer: c, owner, managerId: team.managerId, wonAt: j.closedAt ?? now, ...size });
    } else if (j.status === "open" && j.position > m.openStage[c]) m.openStage[c] = j.position;
    if ((i & 1023) === 0) ctx.progress("opportunities", i, n);
  }
  ctx.progress("opportunities", n, n);
}

/**
 * Repeat orders over the two years, heavy-tailed per customer so the top fifth of customers bring about
 * four fifths of revenue (二八法则), with a margin of 15–45 %; plus account-care visits and CSAT/NPS entries.
 */
import { DAY_MS } from "../core/dates";
import { actualTime, writeActivity } from "./activities";
import { type Cell, spec } from "./bulk";
import { ordersSpec } from "./cash";
import type { DemoContext } from "./context";
import { hash32, Rng } from "./random";
import { ORDER_PRODUCTS } from "./words";

export const satisfactionSpec = spec("satisfaction", "customer_id kind:text score:int4 note:text at created_by");

const WINDOW = 730 * DAY_MS;
const CSAT_WEIGHTS = [3, 7, 20, 40, 30];
const NPS_WEIGHTS = [2, 1, 1, 2, 2, 4, 6, 15, 20, 22, 25];

/** Whether a customer buys at all: every customer with a won deal does; long-standing ones usually do. */
function isBuyer(ctx: DemoContext, rng: Rng, c: number): boolean {
  const m = ctx.customers;
  if (m.won[c] > 0) return true;
  if (m.createdAt[c] < ctx.now - WINDOW) return rng.chance(0.85);
  return rng.chance(0.55 / (1 + Math.exp(-0.8 * m.z[c])));
}

export async function writeOrders(ctx: DemoContext): Promise<void> {
  const { now, customers: m, writer: w, spec: scale } = ctx;
  const rng = new Rng(ctx.seed, 30);
  const buyer = new Uint8Array(m.n);
  const weight = new Float64Array(m.n);
  let total = 0;
  for (let c = 0; c < m.n; c++) {
    buyer[c] = isBuyer(ctx, rng, c) ? 1 : 0;
    weight[c] = buyer[c] ? Math.exp(1.3 * m.z[c]) : 0;
    total += weight[c];
  }
  const repeat = Math.max(0, scale.orders - ctx.wonOrders);
  let cum = 0;
  let written = 0;
  for (let c = 0; c < m.n; c++) {
    if (!buyer[c]) continue;
    // Systematic allocation: exactly `repeat` orders in all, each customer in proportion to its weight.
    const before = Math.floor((repeat * cum) / total);
    cum += weight[c];
    const count = Math.floor((repeat * cum) / total) - before;
    const start = Math.max(now - WINDOW, m.createdAt[c]);
    if (rng.chance(0.15)) m.churnAt[c] = Math.round(start + (now - start) * rng.range(0.3, 0.9));
    const end = m.churnAt[c] || now;
    const median = 350_000 * Math.exp(0.7 * m.z[c]);
    const baseMargin = 0.15 + 0.3 * (hash32(ctx.seed, c, 3) / 4_294_967_296);
    for (let k = 0; k < count; k++) {
      const at = Math.round(start + (end - start) * rng.next() ** 0.9);
      const target = rng.logNormal(median, 0.8);
      const fits = ORDER_PRODUCTS.filter((p) => p.priceFen <= target);
      const product = fits.length ? rng.pick(fits) : ORDER_PRODUCTS[4];
      const units = Math.max(1, Math.round(target / product.priceFen));
      const amount = Math.round((units * product.priceFen * rng.range(0.9, 1)) / 100) * 100;
      const margin = Math.min(0.45, Math.max(0.15, baseMargin + rng.range(-0.03, 0.03)));
      const row: Cell[] = [m.firstId + c, null, at, amount, Math.round(amount * (1 - margin)), units, product.name, at];
      if (w.add(ordersSpec, row)) await w.flushFull();
      if (at > m.lastOrderAt[c]) m.lastOrderAt[c] = at;
    }
    m.orders[c] += count;
    written += count;
    await writeCare(ctx, rng, c, start, end);
    if ((c & 1023) === 0) ctx.progress("orders", written, repeat);
  }
  ctx.progress("orders", repeat, repeat);
}

/** Account-care visits and calls (more for big customers) and satisfaction entries for one buying customer. */
async function writeCare(ctx: DemoContext, rng: Rng, c: number, start: number, end: number): Promise<void> {
  const m = ctx.customers;
  const owner = m.owner[c];
  const visits = rng.poisson(ctx.spec.activityRate * (m.z[c] > 1 ? 6 : m.z[c] > -0.2 ? 3 : 1.5));
  for (let k = 0; k < visits; k++) {
    const planned = Math.round(start + (Math.min(ctx.now + 14 * DAY_MS, end + 30 * DAY_MS) - start) * rng.next());
    const kind = rng.chance(0.6) ? "visit" : "call";
    await writeActivity(ctx, rng, {
      customer: c,
      owner,
      oppId: null,
      kind,
      subject: kind === "visit" ? "客户回访" : "电话回访",
      depth: 0.5,
      plannedAt: planned,
      doneAt: actualTime(rng, planned, ctx.now),
    });
  }
  const churned = m.churnAt[c] > 0;
  for (let k = rng.poisson(ctx.spec.satisfactionPerBuyer); k > 0; k--) {
    const nps = rng.chance(0.5);
    let score = nps ? rng.weighted(NPS_WEIGHTS) : 1 + rng.weighted(CSAT_WEIGHTS);
    if (churned) score = Math.max(nps ? 0 : 1, score - rng.int(1, 4));
    const at = Math.round(start + (end - start) * rng.next());
    const row: Cell[] = [m.firstId + c, nps ? "nps" : "csat", score, score <= (nps ? 6 : 2) ? "交付周期偏长,售后响应慢" : null, at, owner];
    if (ctx.writer.add(satisfactionSpec, row)) await ctx.writer.flushFull();
  }
}

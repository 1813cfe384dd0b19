/** Demo activities along a deal's stages: planned and actual times, who was met, outcome, next follow-up. */
import { DAY_MS } from "../core/dates";
import { type Cell, spec } from "./bulk";
import type { DemoContext } from "./context";
import { contactForStage } from "./customers";
import type { DemoPipeline } from "./deal-pipelines";
import type { Journey } from "./journey";
import { type Rng, table } from "./random";
import { OUTCOMES } from "./words";

export const activitiesSpec = spec(
  "activities",
  "kind:text customer_id contact_id opportunity_id owner_id subject:text met_person:text met_title:text " +
    "planned_at done_at outcome:text next_follow_up_at created_at updated_at",
);

const LABEL: Record<string, string> = { visit: "拜访", call: "电话沟通", email: "邮件", meeting: "会议", demo: "产品演示", quote: "报价", tender: "投标" };
const early = table([
  ["call", 35],
  ["visit", 40],
  ["email", 25],
] as const);
const middle = table([
  ["visit", 35],
  ["meeting", 30],
  ["demo", 25],
  ["email", 10],
] as const);
const late = table([
  ["meeting", 30],
  ["quote", 35],
  ["tender", 20],
  ["visit", 15],
] as const);

export interface ActivityInput {
  customer: number;
  owner: number;
  oppId: number | null;
  kind: string;
  subject: string;
  depth: number;
  plannedAt: number;
  doneAt: number | null;
}

/** Writes one activity row; the contact met is drawn from the customer's decision chain by deal depth. */
export async function writeActivity(ctx: DemoContext, rng: Rng, a: ActivityInput): Promise<void> {
  const contact = contactForStage(ctx.customers, ctx.seed, a.customer, a.depth, rng);
  const done = a.doneAt;
  const followUp = done !== null ? done + Math.round(rng.range(3, 14) * DAY_MS) : null;
  const createdAt = Math.min(a.plannedAt - Math.round(rng.range(0.5, 5) * DAY_MS), ctx.now);
  const row: Cell[] = [
    a.kind,
    ctx.customers.firstId + a.customer,
    contact.id,
    a.oppId,
    a.owner,
    a.subject,
    a.kind === "email" ? null : contact.name,
    a.kind === "email" ? null : contact.title,
    a.plannedAt,
    done,
    done !== null ? rng.pick(OUTCOMES[a.kind]) : null,
    followUp,
    createdAt,
    Math.min(ctx.now, done ?? createdAt),
  ];
  if (ctx.writer.add(activitiesSpec, row)) await ctx.writer.flushFull();
}

/** When a planned activity actually happened: mostly on time, sometimes late, now and then never (overdue). */
export function actualTime(rng: Rng, planned: number, now: number): number | null {
  if (planned >= now) return null;
  const r = rng.next();
  if (r < 0.05) return null;
  const done = r < 0.85 ? planned + rng.range(-0.05, 0.2) * DAY_MS : planned + rng.range(1, 6) * DAY_MS;
  return done < now ? Math.round(done) : null;
}

export async function writeDealActivities(
  ctx: DemoContext,
  rng: Rng,
  d: {
    oppId: number;
    customer: number;
    owner: number;
    pipeline: DemoPipeline;
    journey: Journey;
    product: string;
  },
): Promise<void> {
  const { now } = ctx;
  const ids = d.pipeline.openStageIds;
  const moves = d.journey.events.filter((e) => e.kind !== "stay");
  const short = d.product.replace(/\s.*$/, "");
  for (let s = 0; s < moves.length; s++) {
    const e = moves[s];
    const pos = ids.indexOf(e.to);
    if (pos < 0) continue;
    const start = e.at;
    const end = s + 1 < moves.length ? moves[s + 1].at : now;
    const depth = pos / Math.max(1, ids.length - 1);
    const kinds = depth < 0.34 ? early : depth < 0.67 ? middle : late;
    const count = rng.poisson(ctx.spec.activityRate * (0.6 + Math.min(2, (end - start) / (15 * DAY_MS))));
    for (let k = 0; k < count; k++) {
      const kind = kinds(rng);
      const planned = Math.round(start + rng.next() * (end - start));
      await writeActivity(ctx, rng, {
        customer: d.customer,
        owner: d.owner,
        oppId: d.oppId,
        kind,
        subject: `${LABEL[kind]}:${short}`,
        depth,
        plannedAt: planned,
        doneAt: actualTime(rng, planned, now),
      });
    }
    // The deal still open gets its next step: usually planned ahead, sometimes already overdue (G2).
    if (s === moves.length - 1 && d.journey.status === "open" && rng.chance(0.9)) {
      const kind = kinds(rng);
      const planned = rng.chance(0.75) ? now + Math.round(rng.range(0.2, 14) * DAY_MS) : now - Math.round(rng.range(1, 20) * DAY_MS);
      await writeActivity(ctx, rng, {
        customer: d.customer,
        owner: d.owner,
        oppId: d.oppId,
        kind,
        subject: `${LABEL[kind]}:${short}`,
        depth,
        plannedAt: planned,
        doneAt: null,
      });
    }
  }
}

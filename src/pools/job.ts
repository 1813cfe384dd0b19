/**
 * The reclaim run (公海回收): every owned customer of a pool with rules switched on is assessed; due customers return
 * to the pool (owner cleared, previous owner, time and rule in its history and the audit log), owners of customers
 * inside the warning window get one to-do per due date. Idempotent: a second run the same day changes nothing.
 */
import { recordPoolEvent } from "./events-store";
import { randomUUID } from "node:crypto";
import { sql, type SqlBool } from "kysely";
import { audit } from "../audit/log";
import type { Db } from "../db/connect";
import { inTx } from "../db/tx";
import type { Job } from "../jobs/registry";
import { localDate } from "../core/dates";
import { ownedCustomerFacts } from "./facts-store";
import { assessCustomer } from "./reclaim-rules";
import { defaultPoolId, policyOf } from "./store";
import { warnOwner } from "./warn-store";

export interface ReclaimItem {
  customerId: number;
  ownerId: number;
  poolId: number;
  rule: string;
  daysLeft: number;
  dueDate: string;
}
export interface ReclaimResult {
  batchId: string;
  dryRun: boolean;
  reclaimed: ReclaimItem[];
  warned: ReclaimItem[];
  assessed: number;
}

const RULE_ZH: Record<string, string> = { no_follow_up: "未跟进", no_deal: "无进行中商机", not_won: "未成交" };

export async function runReclaim(db: Db, now: number, tz: string, opts: { dryRun?: boolean } = {}): Promise<ReclaimResult> {
  const batchId = `reclaim-${randomUUID()}`;
  const out: ReclaimResult = { batchId, dryRun: !!opts.dryRun, reclaimed: [], warned: [], assessed: 0 };
  const pools = await db.selectFrom("pools").selectAll().where("rules_enabled", "=", 1).orderBy("id").execute();
  if (!pools.length) return out;
  const dflt = await defaultPoolId(db, now);
  for (const pool of pools) {
    const rules = await db
      .selectFrom("pool_rules")
      .select(["kind", "level", "days", "warn_days"])
      .where("pool_id", "=", pool.id)
      .orderBy("position")
      .orderBy("id")
      .execute();
    if (!rules.length) continue;
    const policy = policyOf(pool, rules);
    const inPool = pool.id === dflt ? sql<SqlBool>`(c.pool_id = ${pool.id} or c.pool_id is null)` : sql<SqlBool>`c.pool_id = ${pool.id}`;
    const facts = await ownedCustomerFacts(
      db,
      inPool,
      now,
      rules.some((r) => r.level != null && !r.level.startsWith("priority:")),
    );
    out.assessed += facts.length;
    for (const f of facts) {
      const v = assessCustomer(policy, f, now, tz);
      if (v.status !== "due" && v.status !== "warn") continue;
      const rule = v.rule!;
      const item: ReclaimItem = { customerId: f.id, ownerId: f.ownerId, poolId: pool.id, rule: rule.kind, daysLeft: v.daysLeft ?? 0, dueDate: rule.dueDate };
      if (v.status === "warn") {
        if (!opts.dryRun && !(await warnOwner(db, item, `${rule.limitDays}天${RULE_ZH[rule.kind]}`, now))) continue;
        out.warned.push(item);
        continue;
      }
      if (opts.dryRun) {
        out.reclaimed.push(item);
        continue;
      }
      const moved = await inTx(db, async (tx) => {
        // Only if nothing changed since the facts were read (same owner, same version).
        const r = await tx
          .updateTable("customers")
          .set({ owner_id: null, pool_id: pool.id, previous_owner_id: f.ownerId, pooled_at: now, updated_at: now, version: sql`version + 1` })
          .where("id", "=", f.id)
          .where("owner_id", "=", f.ownerId)
          .where("version", "=", f.version)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        const ruleText = `${rule.kind}:${rule.limitDays}`;
        await recordPoolEvent(tx, {
          customerId: f.id,
          poolId: pool.id,
          kind: "reclaim",
          from: f.ownerId,
          rule: ruleText,
          reason: `${rule.limitDays}天${RULE_ZH[rule.kind]}，自动退回公海`,
          actorId: null,
          batchId,
          at: now,
        });
        await audit(
          tx,
          null,
          "customer",
          f.id,
          "reclaim",
          { ownerId: [f.ownerId, null], poolId: pool.id, rule: ruleText, elapsedDays: rule.elapsedDays },
          now,
          batchId,
        );
        return true;
      });
      if (moved) out.reclaimed.push(item);
    }
  }
  return out;
}

export const poolReclaimJob: Job = {
  name: "pool-reclaim",
  cron: () => "30 1 * * *",
  runKey: ({ now, config }) => localDate(now, config.TZ_ORG),
  run: ({ db, now, config }) => runReclaim(db, now, config.TZ_ORG),
};

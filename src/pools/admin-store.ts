/** Pool administration storage: create and rename pools, set members and admins, replace the rules; each write with its audit row in one transaction. */
import { audit } from "../audit/log";
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import type { Row } from "../db/schema";
import { inTx, type Tx } from "../db/tx";

export type PoolMembers = { name?: string; memberDepartmentIds?: number[]; memberUserIds?: number[]; adminIds?: number[] };
export type PoolRuleInput = { kind: "no_follow_up" | "no_deal" | "not_won"; level?: string | null; days: number; warnDays: number };
export type PoolRulesInput = {
  version?: number;
  rulesEnabled?: boolean;
  rules?: PoolRuleInput[];
  dailyClaimCap?: number | null;
  cooldownDays?: number | null;
  holdCap?: number | null;
  holdCountsWon?: boolean;
  lockCap?: number | null;
  exemptWon?: boolean;
  exemptOpenDeals?: boolean;
  maskContacts?: boolean;
};

const b01 = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

/** Creates a pool with its members; a taken name is DUPLICATE on "name". */
export async function createPool(db: Db, actorId: number, b: PoolMembers & { name: string }, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    if (await tx.selectFrom("pools").select("id").where("name", "=", b.name).executeTakeFirst())
      throw new AppError("DUPLICATE", "a pool with that name exists", "name");
    const { id } = await tx
      .insertInto("pools")
      .values({ name: b.name, daily_claim_cap: null, cooldown_days: null, hold_cap: null, lock_cap: null, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setMembers(tx, id, b);
    await audit(tx, actorId, "pool", id, "create", b, now);
    return id;
  });
}

/** Renames a pool and replaces the member lists given. */
export async function updatePool(db: Db, actorId: number, poolId: number, b: PoolMembers, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    if (b.name) await tx.updateTable("pools").set({ name: b.name, updated_at: now }).where("id", "=", poolId).execute();
    await setMembers(tx, poolId, b);
    await audit(tx, actorId, "pool", poolId, "update", b, now);
  });
}

/** Sets the pool's caps and exemptions and, when given, replaces its reclaim rules in order; bumps the version. */
export async function setPoolRules(db: Db, actorId: number, pool: Row<"pools">, b: PoolRulesInput, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    await tx
      .updateTable("pools")
      .set({
        rules_enabled: b01(b.rulesEnabled),
        daily_claim_cap: b.dailyClaimCap,
        cooldown_days: b.cooldownDays,
        hold_cap: b.holdCap,
        hold_counts_won: b01(b.holdCountsWon),
        lock_cap: b.lockCap,
        exempt_won: b01(b.exemptWon),
        exempt_open_deals: b01(b.exemptOpenDeals),
        mask_contacts: b01(b.maskContacts),
        updated_at: now,
        version: pool.version + 1,
      })
      .where("id", "=", pool.id)
      .execute();
    if (b.rules) {
      await tx.deleteFrom("pool_rules").where("pool_id", "=", pool.id).execute();
      let position = 0;
      for (const r of b.rules)
        await tx
          .insertInto("pool_rules")
          .values({ pool_id: pool.id, kind: r.kind, level: r.level ?? null, days: r.days, warn_days: r.warnDays, position: position++ })
          .execute();
    }
    await audit(tx, actorId, "pool", pool.id, "rules", b, now);
  });
}

/** A customer's pool history, newest first (the caller has checked the customer is visible). */
export async function poolHistory(db: Db, customerId: number) {
  const rows = await db
    .selectFrom("pool_events as e")
    .leftJoin("users as f", "f.id", "e.from_user_id")
    .leftJoin("users as t", "t.id", "e.to_user_id")
    .leftJoin("users as a", "a.id", "e.actor_id")
    .select([
      "e.id",
      "e.kind",
      "e.pool_id",
      "e.from_user_id",
      "f.name as from_name",
      "e.to_user_id",
      "t.name as to_name",
      "e.actor_id",
      "a.name as actor_name",
      "e.rule",
      "e.reason",
      "e.batch_id",
      "e.at",
    ])
    .where("e.customer_id", "=", customerId)
    .orderBy("e.at", "desc")
    .orderBy("e.id", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    poolId: r.pool_id,
    fromUserId: r.from_user_id,
    fromName: r.from_name,
    toUserId: r.to_user_id,
    toName: r.to_name,
    actorId: r.actor_id,
    actorName: r.actor_name,
    rule: r.rule,
    reason: r.reason,
    batchId: r.batch_id,
    at: r.at,
  }));
}

async function setMembers(tx: Tx, poolId: number, b: PoolMembers): Promise<void> {
  const check = async (table: "users" | "departments", ids: number[] | undefined, field: string) => {
    if (!ids?.length) return;
    const found = await tx.selectFrom(table).select("id").where("id", "in", ids).execute();
    const lost = ids.filter((id) => !found.some((f) => f.id === id));
    if (lost.length) throw new AppError("INVALID", `${field}: #${lost.join(", #")} not found`, field);
  };
  await check("departments", b.memberDepartmentIds, "memberDepartmentIds");
  await check("users", b.memberUserIds, "memberUserIds");
  await check("users", b.adminIds, "adminIds");
  if (b.memberDepartmentIds) {
    await tx.deleteFrom("pool_members").where("pool_id", "=", poolId).where("department_id", "is not", null).execute();
    for (const d of new Set(b.memberDepartmentIds)) await tx.insertInto("pool_members").values({ pool_id: poolId, user_id: null, department_id: d }).execute();
  }
  if (b.memberUserIds) {
    await tx.deleteFrom("pool_members").where("pool_id", "=", poolId).where("user_id", "is not", null).execute();
    for (const u of new Set(b.memberUserIds)) await tx.insertInto("pool_members").values({ pool_id: poolId, user_id: u, department_id: null }).execute();
  }
  if (b.adminIds) {
    await tx.deleteFrom("pool_admins").where("pool_id", "=", poolId).execute();
    for (const u of new Set(b.adminIds)) await tx.insertInto("pool_admins").values({ pool_id: poolId, user_id: u }).execute();
  }
}

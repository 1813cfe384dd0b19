/**
 * Moving customers in and out of a pool: release (放入公海) with a reason, claim (领取) under the caps, assign
 * (分配) by a pool admin, lock/unlock under the lock cap. Each is one transaction with its history and audit rows.
 */
import { recordPoolEvent } from "./events-store";
import { sql } from "kysely";
import { editable, visible } from "../access/visible";
import type { Viewer } from "../access/viewer";
import { audit } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import { dateStart, localDate } from "../core/dates";
import { isPostgres } from "../db/dialect";
import type { Db } from "../db/connect";
import { inTx, type Tx } from "../db/tx";
import { checkClaim, checkHolding, checkLock, type Refusal } from "./claim-rules";
import { defaultPoolId, isPoolMember, requirePoolAdmin } from "./store";

export const refuse = (r: Refusal) => new AppError(r.code, r.message, r.field, { params: r.params }, r.params);

/** Serialises one user's claims on PostgreSQL (SQLite transactions are already serial), so caps hold under concurrency. */
async function lockUser(tx: Tx, userId: number): Promise<void> {
  if (isPostgres(tx)) await sql`select id from users where id = ${userId} for update`.execute(tx);
}

/** Customers the user owns, without won ones unless the pool counts them. */
export async function holding(tx: Tx, userId: number, countsWon: boolean): Promise<number> {
  let q = tx
    .selectFrom("customers as c")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("c.owner_id", "=", userId);
  if (!countsWon) q = q.where(sql<boolean>`not exists (select 1 from opportunities o where o.customer_id = c.id and o.status = 'won')`);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * The receiver of customers from the given home pools (a transfer, not a claim) ends up within each of those pools'
 * holding caps, as an assignment from the pool would: held + adding <= cap, counted as that pool counts. Serialised
 * per receiver on PostgreSQL, so two concurrent transfers cannot both pass.
 */
export async function assertCanHold(tx: Tx, userId: number, poolIds: Array<number | null>, adding: number, now: number, field: string): Promise<void> {
  if (adding <= 0) return;
  const ids = [...new Set(await Promise.all(poolIds.map(async (p) => p ?? (await defaultPoolId(tx, now)))))];
  const pools = await tx.selectFrom("pools").select(["id", "hold_cap", "hold_counts_won"]).where("id", "in", ids).where("hold_cap", "is not", null).execute();
  if (!pools.length) return;
  await lockUser(tx, userId);
  for (const pool of pools) {
    const hold = checkHolding(pool.hold_cap, await holding(tx, userId, !!pool.hold_counts_won), adding);
    if (hold) throw refuse({ ...hold, field, params: { ...hold.params, poolId: pool.id } });
  }
}

async function poolOf(tx: Tx, poolId: number | null, now: number) {
  const id = poolId ?? (await defaultPoolId(tx, now));
  return tx.selectFrom("pools").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

/** The owner (or anyone whose scope may edit the customer) puts it back in its pool with a reason. */
export async function releaseCustomer(db: Db, viewer: Viewer, id: number, reason: string, now: number): Promise<{ poolId: number }> {
  return inTx(db, async (tx) => {
    const c = await tx
      .selectFrom("customers as c")
      .select(["c.id", "c.owner_id", "c.pool_id", "c.locked"])
      .where("c.id", "=", id)
      .where(editable(viewer, "c.owner_id", "c.id", "customer"))
      .executeTakeFirst();
    if (!c) throw notFound("customer");
    if (c.owner_id == null) throw new AppError("POOL_NOT_IN_POOL", "this customer is already in the pool", "id");
    const pool = await poolOf(tx, c.pool_id, now);
    await tx
      .updateTable("customers")
      .set({ owner_id: null, pool_id: pool.id, previous_owner_id: c.owner_id, pooled_at: now, locked: 0, updated_at: now, version: sql`version + 1` })
      .where("id", "=", id)
      .execute();
    await recordPoolEvent(tx, { customerId: id, poolId: pool.id, kind: "release", from: c.owner_id, reason, actorId: viewer.id, at: now });
    await audit(tx, viewer.id, "customer", id, "release", { ownerId: [c.owner_id, null], poolId: pool.id, reason }, now);
    return { poolId: pool.id };
  });
}

/** A pool member claims a pool customer: exactly one of several concurrent claims wins; caps hold per user. */
export async function claimCustomer(db: Db, viewer: Viewer, id: number, now: number, tz: string): Promise<{ poolId: number }> {
  return inTx(db, async (tx) => {
    await lockUser(tx, viewer.id);
    const c = await tx.selectFrom("customers").select(["id", "owner_id", "pool_id"]).where("id", "=", id).executeTakeFirst();
    if (!c) throw notFound("customer");
    const pool = await poolOf(tx, c.pool_id, now);
    const member = await isPoolMember(tx, pool.id, viewer.id);
    // A customer the viewer can neither claim nor see stays hidden.
    if (!member && c.owner_id == null) throw notFound("customer");
    // Members of its pool saw it there: for them "already claimed"; anyone else who cannot see it learns nothing.
    if (
      c.owner_id != null &&
      !member &&
      !(await tx
        .selectFrom("customers as c")
        .select("c.id")
        .where("c.id", "=", id)
        .where(visible(viewer, "c.owner_id", "c.id", "customer"))
        .executeTakeFirst())
    )
      throw notFound("customer");
    const today = dateStart(localDate(now, tz), tz);
    const [claimed, lost] = await Promise.all([
      tx
        .selectFrom("pool_events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("to_user_id", "=", viewer.id)
        .where("kind", "=", "claim")
        .where("at", ">=", today)
        .executeTakeFirstOrThrow(),
      tx
        .selectFrom("pool_events")
        .select((eb) => eb.fn.max("at").as("at"))
        .where("customer_id", "=", id)
        .where("from_user_id", "=", viewer.id)
        .where("kind", "in", ["release", "reclaim"])
        .executeTakeFirst(),
    ]);
    const refusal = checkClaim(
      { dailyCap: pool.daily_claim_cap, cooldownDays: pool.cooldown_days, holdCap: pool.hold_cap },
      {
        inPool: c.owner_id == null,
        isMember: member,
        claimedToday: Number(claimed.n),
        held: await holding(tx, viewer.id, !!pool.hold_counts_won),
        lostAt: lost?.at == null ? null : Number(lost.at),
      },
      now,
    );
    if (refusal) throw refuse(refusal);
    const r = await tx
      .updateTable("customers")
      .set({ owner_id: viewer.id, owner_since: now, pool_id: pool.id, updated_at: now, version: sql`version + 1` })
      .where("id", "=", id)
      .where("owner_id", "is", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError("POOL_NOT_IN_POOL", "someone else claimed this customer first", "id");
    await recordPoolEvent(tx, { customerId: id, poolId: pool.id, kind: "claim", to: viewer.id, actorId: viewer.id, at: now });
    await audit(tx, viewer.id, "customer", id, "claim", { ownerId: [null, viewer.id], poolId: pool.id }, now);
    return { poolId: pool.id };
  });
}

/** A pool admin hands a pool customer to an active member; the receiver's holding cap applies. */
export async function assignCustomer(db: Db, viewer: Viewer, id: number, userId: number, now: number): Promise<{ poolId: number }> {
  return inTx(db, async (tx) => {
    const c = await tx.selectFrom("customers").select(["id", "owner_id", "pool_id"]).where("id", "=", id).executeTakeFirst();
    if (!c) throw notFound("customer");
    const pool = await poolOf(tx, c.pool_id, now);
    if (c.owner_id != null && viewer.role !== "admin" && !(await isPoolMember(tx, pool.id, viewer.id))) throw notFound("customer");
    await requirePoolAdmin(tx, viewer, pool.id);
    if (c.owner_id != null) throw new AppError("POOL_NOT_IN_POOL", "this customer is not in the pool; transfer it instead", "id");
    const to = await tx.selectFrom("users").select(["id", "active"]).where("id", "=", userId).executeTakeFirst();
    if (!to) throw new AppError("INVALID", "userId is not a user", "userId");
    if (!to.active) throw new AppError("TRANSFER_INACTIVE_USER", "the user is deactivated", "userId", { params: { userId } });
    if (!(await isPoolMember(tx, pool.id, userId)))
      throw new AppError("POOL_NOT_MEMBER", "the user is not a member of this pool", "userId", { params: { userId, poolId: pool.id } });
    await lockUser(tx, userId);
    const hold = checkHolding(pool.hold_cap, await holding(tx, userId, !!pool.hold_counts_won), 1);
    if (hold) throw refuse({ ...hold, field: "userId" });
    const r = await tx
      .updateTable("customers")
      .set({ owner_id: userId, owner_since: now, updated_at: now, version: sql`version + 1` })
      .where("id", "=", id)
      .where("owner_id", "is", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError("POOL_NOT_IN_POOL", "someone else claimed this customer first", "id");
    await recordPoolEvent(tx, { customerId: id, poolId: pool.id, kind: "assign", to: userId, actorId: viewer.id, at: now });
    await audit(tx, viewer.id, "customer", id, "assign", { ownerId: [null, userId], poolId: pool.id }, now);
    return { poolId: pool.id };
  });
}

/** Locks (锁定) or unlocks a customer the viewer may edit; locked customers are never reclaimed; the lock cap is per owner. */
export async function setLocked(db: Db, viewer: Viewer, id: number, locked: boolean, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    const c = await tx
      .selectFrom("customers as c")
      .select(["c.id", "c.owner_id", "c.pool_id", "c.locked"])
      .where("c.id", "=", id)
      .where(editable(viewer, "c.owner_id", "c.id", "customer"))
      .executeTakeFirst();
    if (!c || c.owner_id == null) throw notFound("customer");
    if (!!c.locked === locked) return;
    if (locked) {
      await lockUser(tx, c.owner_id);
      const pool = await poolOf(tx, c.pool_id, now);
      const n = await tx
        .selectFrom("customers")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("owner_id", "=", c.owner_id)
        .where("locked", "=", 1)
        .executeTakeFirstOrThrow();
      const refusal = checkLock(pool.lock_cap, Number(n.n));
      if (refusal) throw refuse(refusal);
    }
    await tx
      .updateTable("customers")
      .set({ locked: locked ? 1 : 0, updated_at: now, version: sql`version + 1` })
      .where("id", "=", id)
      .execute();
    await audit(tx, viewer.id, "customer", id, locked ? "lock" : "unlock", {}, now);
  });
}

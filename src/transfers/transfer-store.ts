/**
 * Transfers (转移): customers with their open opportunities, open activities (and so the open quotes and contacts that
 * hang off them), opportunities in bulk, and a leaving user's whole book. All or nothing; one batch id per transfer.
 * A deal's owner is in its read models (stage visits carry owner and team, facts the owner), so every transfer
 * refreshes them in its transaction, as an owner change through PATCH /opportunities/:id does.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { assertCanAssign } from "../access/assign";
import { editable } from "../access/visible";
import type { Viewer } from "../access/viewer";
import { audit } from "../audit/log";
import { recordPoolEvent } from "../pools/events-store";
import { AppError, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { inTx, type Tx } from "../db/tx";
import { assertCanHold } from "../pools/moves-store";
import { opportunitiesChanged } from "../readmodels/maintain";

export interface CustomerTransfer {
  ids: number[];
  toUserId: number;
  withOpportunities?: boolean;
  withContacts?: boolean;
  withActivities?: boolean;
  withQuotes?: boolean;
}
export interface TransferResult {
  batchId: string;
  customers: number;
  opportunities: number;
  activities: number;
  contacts: number;
  quotes: number;
}

async function receiver(tx: Tx, viewer: Viewer, userId: number): Promise<void> {
  const to = await tx.selectFrom("users").select(["id", "active"]).where("id", "=", userId).executeTakeFirst();
  if (!to) throw new AppError("INVALID", "toUserId is not a user", "toUserId");
  if (!to.active) throw new AppError("TRANSFER_INACTIVE_USER", "the receiving user is deactivated", "toUserId", { params: { userId } });
  await assertCanAssign(tx, viewer, userId, "toUserId");
}

function missing(asked: number[], found: number[], what: string): void {
  const lost = asked.filter((id) => !found.includes(id));
  if (lost.length) throw new AppError("NOT_FOUND", `${what} #${lost.join(", #")} not found; nothing was transferred`, "ids", { params: { ids: lost } });
}

export async function transferCustomers(db: Db, viewer: Viewer, t: CustomerTransfer, now: number): Promise<TransferResult> {
  const ids = [...new Set(t.ids)];
  const withOpps = t.withOpportunities ?? true;
  const withActs = t.withActivities ?? true;
  const batchId = `transfer-${randomUUID()}`;
  return inTx(db, async (tx) => {
    await receiver(tx, viewer, t.toUserId);
    const rows = await tx
      .selectFrom("customers as c")
      .select(["c.id", "c.owner_id", "c.pool_id"])
      .where("c.id", "in", ids)
      .where(editable(viewer, "c.owner_id", "c.id", "customer"))
      .execute();
    missing(
      ids,
      rows.map((r) => r.id),
      "customer",
    );
    const pooled = rows.filter((r) => r.owner_id == null).map((r) => r.id);
    if (pooled.length)
      throw new AppError("POOL_NOT_IN_POOL", `customer #${pooled.join(", #")} is in the pool; assign it from the pool instead`, "ids", {
        params: { ids: pooled },
      });
    const moving = rows.filter((r) => r.owner_id !== t.toUserId);
    // the receiver's holding cap (保有量) holds for a transfer as for an assignment from the pool
    await assertCanHold(
      tx,
      t.toUserId,
      moving.map((r) => r.pool_id),
      moving.length,
      now,
      "toUserId",
    );
    const out: TransferResult = { batchId, customers: 0, opportunities: 0, activities: 0, contacts: 0, quotes: 0 };
    for (const c of rows) {
      const from = c.owner_id as number;
      if (from === t.toUserId) continue;
      await tx
        .updateTable("customers")
        .set({ owner_id: t.toUserId, owner_since: now, updated_at: now, version: sql`version + 1` })
        .where("id", "=", c.id)
        .execute();
      const opps = withOpps
        ? await tx.selectFrom("opportunities").select("id").where("customer_id", "=", c.id).where("owner_id", "=", from).where("status", "=", "open").execute()
        : [];
      const oppIds = opps.map((o) => o.id);
      if (oppIds.length)
        await tx.updateTable("opportunities").set({ owner_id: t.toUserId, updated_at: now, version: sql`version + 1` }).where("id", "in", oppIds).execute();
      let acts = 0;
      if (withActs) {
        const r = await tx
          .updateTable("activities")
          .set({ owner_id: t.toUserId, updated_at: now, version: sql`version + 1` })
          .where("customer_id", "=", c.id)
          .where("owner_id", "=", from)
          .where("done_at", "is", null)
          .executeTakeFirst();
        acts = Number(r.numUpdatedRows);
      }
      const contacts = Number(
        (
          await tx
            .selectFrom("contacts")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("customer_id", "=", c.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
      const quotes = oppIds.length
        ? Number(
            (
              await tx
                .selectFrom("quotes")
                .select((eb) => eb.fn.countAll<number>().as("n"))
                .where("opportunity_id", "in", oppIds)
                .where("status", "in", ["draft", "pending_approval", "approved", "sent"])
                .executeTakeFirstOrThrow()
            ).n,
          )
        : 0;
      await recordPoolEvent(tx, { customerId: c.id, kind: "transfer", from, to: t.toUserId, actorId: viewer.id, batchId, at: now });
      await audit(
        tx,
        viewer.id,
        "customer",
        c.id,
        "transfer",
        { ownerId: [from, t.toUserId], opportunities: oppIds, activities: acts, contacts, quotes },
        now,
        batchId,
      );
      for (const o of oppIds) await audit(tx, viewer.id, "opportunity", o, "transfer", { ownerId: [from, t.toUserId], customerId: c.id }, now, batchId);
      await opportunitiesChanged(tx, oppIds);
      out.customers++;
      out.opportunities += oppIds.length;
      out.activities += acts;
      out.contacts += contacts;
      out.quotes += quotes;
    }
    return out;
  });
}

export async function transferOpportunities(
  db: Db,
  viewer: Viewer,
  t: { ids: number[]; toUserId: number; withActivities?: boolean },
  now: number,
): Promise<TransferResult> {
  const ids = [...new Set(t.ids)];
  const batchId = `transfer-${randomUUID()}`;
  return inTx(db, async (tx) => {
    await receiver(tx, viewer, t.toUserId);
    const rows = await tx
      .selectFrom("opportunities as o")
      .select(["o.id", "o.owner_id"])
      .where("o.id", "in", ids)
      .where(editable(viewer, "o.owner_id", "o.id", "opportunity"))
      .execute();
    missing(
      ids,
      rows.map((r) => r.id),
      "opportunity",
    );
    const out: TransferResult = { batchId, customers: 0, opportunities: 0, activities: 0, contacts: 0, quotes: 0 };
    for (const o of rows) {
      if (o.owner_id === t.toUserId) continue;
      await tx.updateTable("opportunities").set({ owner_id: t.toUserId, updated_at: now, version: sql`version + 1` }).where("id", "=", o.id).execute();
      if (t.withActivities ?? true) {
        const r = await tx
          .updateTable("activities")
          .set({ owner_id: t.toUserId, updated_at: now, version: sql`version + 1` })
          .where("opportunity_id", "=", o.id)
          .where("owner_id", "=", o.owner_id)
          .where("done_at", "is", null)
          .executeTakeFirst();
        out.activities += Number(r.numUpdatedRows);
      }
      await audit(tx, viewer.id, "opportunity", o.id, "transfer", { ownerId: [o.owner_id, t.toUserId] }, now, batchId);
      out.opportunities++;
    }
    await opportunitiesChanged(
      tx,
      rows.filter((o) => o.owner_id !== t.toUserId).map((o) => o.id),
    );
    return out;
  });
}

export interface OffboardResult {
  batchId: string;
  userId: number;
  toUserId: number;
  customers: number;
  opportunities: number;
  activities: number;
  roles: number;
}

/**
 * A leaving user's whole book goes to one receiver: every customer, opportunity and activity they own, their
 * department-manager and pool-admin seats and the people they lead; then the account is deactivated and its
 * sessions and tokens end. Records of anyone else are untouched.
 */
export async function offboardUser(db: Db, actorId: number | null, fromUserId: number, toUserId: number, now: number): Promise<OffboardResult> {
  if (fromUserId === toUserId) throw new AppError("INVALID", "the receiver must be someone else", "to");
  const batchId = `offboard-${randomUUID()}`;
  return inTx(db, async (tx) => {
    const to = await tx.selectFrom("users").select(["id", "active"]).where("id", "=", toUserId).executeTakeFirst();
    if (!to) throw notFound("user");
    if (!to.active) throw new AppError("TRANSFER_INACTIVE_USER", "the receiving user is deactivated", "to", { params: { userId: toUserId } });
    const out: OffboardResult = { batchId, userId: fromUserId, toUserId, customers: 0, opportunities: 0, activities: 0, roles: 0 };
    const customers = await tx.selectFrom("customers").select("id").where("owner_id", "=", fromUserId).execute();
    for (const c of customers) {
      await audit(tx, actorId, "customer", c.id, "transfer", { ownerId: [fromUserId, toUserId], offboarding: true }, now, batchId);
      await recordPoolEvent(tx, { customerId: c.id, kind: "transfer", from: fromUserId, to: toUserId, reason: "offboarding", actorId, batchId, at: now });
    }
    out.customers = Number(
      (
        await tx
          .updateTable("customers")
          .set({ owner_id: toUserId, owner_since: now, updated_at: now, version: sql`version + 1` })
          .where("owner_id", "=", fromUserId)
          .executeTakeFirst()
      ).numUpdatedRows,
    );
    const opps = await tx.selectFrom("opportunities").select("id").where("owner_id", "=", fromUserId).execute();
    for (const o of opps) await audit(tx, actorId, "opportunity", o.id, "transfer", { ownerId: [fromUserId, toUserId], offboarding: true }, now, batchId);
    out.opportunities = Number(
      (
        await tx
          .updateTable("opportunities")
          .set({ owner_id: toUserId, updated_at: now, version: sql`version + 1` })
          .where("owner_id", "=", fromUserId)
          .executeTakeFirst()
      ).numUpdatedRows,
    );
    await opportunitiesChanged(
      tx,
      opps.map((o) => o.id),
    );
    out.activities = Number(
      (
        await tx
          .updateTable("activities")
          .set({ owner_id: toUserId, updated_at: now, version: sql`version + 1` })
          .where("owner_id", "=", fromUserId)
          .executeTakeFirst()
      ).numUpdatedRows,
    );
    for (const table of ["department_managers", "pool_admins"] as const) {
      const seats = await tx
        .selectFrom(table)
        .select(["id", sql<number>`${sql.ref(table === "pool_admins" ? "pool_id" : "department_id")}`.as("at")])
        .where("user_id", "=", fromUserId)
        .execute();
      for (const s of seats) {
        const key = table === "pool_admins" ? "pool_id" : "department_id";
        const has = await tx
          .selectFrom(table)
          .select("id")
          .where(key as never, "=", s.at as never)
          .where("user_id", "=", toUserId)
          .executeTakeFirst();
        if (has) await tx.deleteFrom(table).where("id", "=", s.id).execute();
        else await tx.updateTable(table).set({ user_id: toUserId }).where("id", "=", s.id).execute();
        out.roles++;
      }
    }
    await tx.updateTable("users").set({ leader_id: toUserId }).where("leader_id", "=", fromUserId).where("id", "!=", toUserId).execute();
    await tx.updateTable("users").set({ active: 0 }).where("id", "=", fromUserId).execute();
    await tx.deleteFrom("sessions").where("user_id", "=", fromUserId).execute();
    await tx.updateTable("api_tokens").set({ revoked_at: now }).where("user_id", "=", fromUserId).where("revoked_at", "is", null).execute();
    await audit(
      tx,
      actorId,
      "user",
      fromUserId,
      "offboard",
      { toUserId, customers: out.customers, opportunities: out.opportunities, activities: out.activities },
      now,
      batchId,
    );
    return out;
  });
}

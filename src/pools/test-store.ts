/** Test fixtures for pools: customers inserted straight into the tables, and extra users with tokens. */
import type { Db } from "../db/connect";
import { createHash, randomBytes } from "node:crypto";

let seq = 0;
export async function addCustomer(
  db: Db,
  o: { ownerId: number | null; poolId?: number | null; name?: string; ownerSince?: number; at: number; locked?: boolean },
): Promise<number> {
  const name = o.name ?? `测试客户${++seq}-${Math.random().toString(36).slice(2, 7)}`;
  const { id } = await db
    .insertInto("customers")
    .values({
      name,
      name_norm: name,
      owner_id: o.ownerId,
      pool_id: o.poolId ?? null,
      owner_since: o.ownerSince ?? o.at,
      pooled_at: o.ownerId == null ? o.at : null,
      locked: o.locked ? 1 : 0,
      tags: "[]",
      created_at: o.at,
      updated_at: o.at,
      external_id: null,
      credit_code: null,
      industry: null,
      region: null,
      size_band: null,
      channel: null,
      credit_rating: null,
      prospect_rating: null,
      lifecycle_stage: null,
      priority: null,
      notes: null,
      duplicate_of: null,
      next_follow_up_date: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function addUsers(
  db: Db,
  n: number,
  o: { role: "rep" | "manager"; departmentId: number | null; at: number; prefix: string },
): Promise<Array<{ id: number; token: string }>> {
  const out: Array<{ id: number; token: string }> = [];
  for (let i = 0; i < n; i++) {
    const { id } = await db
      .insertInto("users")
      .values({
        email: `${o.prefix}${i}@test.jindou`,
        name: `${o.prefix}${i}`,
        password_hash: "x",
        role: o.role,
        team_id: null,
        department_id: o.departmentId,
        locale: "zh-CN",
        active: 1,
        created_at: o.at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // a bearer token stored as the server stores them (SHA-256 of the raw value)
    const token = `jd_${randomBytes(24).toString("base64url")}`;
    await db
      .insertInto("api_tokens")
      .values({
        user_id: id,
        name: "test",
        token_hash: createHash("sha256").update(token).digest("hex"),
        created_at: o.at,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    out.push({ id, token });
  }
  return out;
}

/** How many customers the user owns, counted straight from the table (won or not). */
export async function ownedCount(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom("customers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("owner_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

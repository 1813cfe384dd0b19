/** Customer pools (公海): reading pools, their rules and members, membership checks, and pool customers (masked). */
import { type Expression, type SqlBool, sql } from "kysely";
import type { Viewer } from "../access/viewer";
import { AppError, notFound } from "../core/errors";
import type { Row } from "../db/schema";
import type { DbOrTx } from "../db/tx";
import type { ReclaimPolicy } from "./reclaim-rules";

/** The company-wide default pool, created on first use. */
export async function defaultPoolId(db: DbOrTx, now: number): Promise<number> {
  const p = await db.selectFrom("pools").select("id").where("is_default", "=", 1).orderBy("id").limit(1).executeTakeFirst();
  if (p) return p.id;
  const made = await db
    .insertInto("pools")
    .values({ name: "公司公海", is_default: 1, daily_claim_cap: null, cooldown_days: null, hold_cap: null, lock_cap: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column("name").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (made) return made.id;
  return (await db.selectFrom("pools").select("id").where("name", "=", "公司公海").executeTakeFirstOrThrow()).id;
}

/** Condition on a pool id column: the pools the user belongs to (directly, through their department or one above it) or administers. */
export function memberPools(userId: number, poolCol: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(poolCol)} in (select pa.pool_id from pool_admins pa where pa.user_id = ${userId})
    or ${sql.ref(poolCol)} in (select pm.pool_id from pool_members pm where pm.user_id = ${userId})
    or ${sql.ref(poolCol)} in (select pm.pool_id from pool_members pm join departments pd on pd.id = pm.department_id
      join users mu on mu.id = ${userId} join departments md on md.id = mu.department_id where md.path like pd.path || '%'))`;
}

export async function isPoolMember(db: DbOrTx, poolId: number, userId: number): Promise<boolean> {
  const r = await db.selectFrom("pools as p").select("p.id").where("p.id", "=", poolId).where(memberPools(userId, "p.id")).executeTakeFirst();
  return !!r;
}

export async function isPoolAdmin(db: DbOrTx, viewer: Viewer, poolId: number): Promise<boolean> {
  if (viewer.role === "admin") return true;
  return !!(await db.selectFrom("pool_admins").select("id").where("pool_id", "=", poolId).where("user_id", "=", viewer.id).executeTakeFirst());
}

export async function requirePoolAdmin(db: DbOrTx, viewer: Viewer, poolId: number): Promise<void> {
  if (!(await isPoolAdmin(db, viewer, poolId))) throw new AppError("POOL_NOT_ADMIN", "only this pool's admins may do this", "poolId", { params: { poolId } });
}

/** A pool the viewer may see (member, pool admin or admin), or 404. */
export async function visiblePool(db: DbOrTx, viewer: Viewer, poolId: number): Promise<Row<"pools">> {
  let q = db.selectFrom("pools as p").selectAll("p").where("p.id", "=", poolId);
  if (viewer.role !== "admin") q = q.where(memberPools(viewer.id, "p.id"));
  const p = await q.executeTakeFirst();
  if (!p) throw notFound("pool");
  return p;
}

export async function poolRules(db: DbOrTx, poolId: number) {
  return db.selectFrom("pool_rules").select(["kind", "level", "days", "warn_days"]).where("pool_id", "=", poolId).orderBy("position").orderBy("id").execute();
}

export function policyOf(
  pool: Row<"pools">,
  rules: Array<{ kind: Row<"pool_rules">["kind"]; level: string | null; days: number; warn_days: number }>,
): ReclaimPolicy {
  return {
    rules: pool.rules_enabled ? rules.map((r) => ({ kind: r.kind, level: r.level, days: r.days, warnDays: r.warn_days })) : [],
    exemptWon: !!pool.exempt_won,
    exemptOpenDeals: !!pool.exempt_open_deals,
  };
}

export const poolView = (p: Row<"pools">) => ({
  id: p.id,
  name: p.name,
  isDefault: !!p.is_default,
  maskContacts: !!p.mask_contacts,
  dailyClaimCap: p.daily_claim_cap,
  cooldownDays: p.cooldown_days,
  holdCap: p.hold_cap,
  holdCountsWon: !!p.hold_counts_won,
  lockCap: p.lock_cap,
  exemptWon: !!p.exempt_won,
  exemptOpenDeals: !!p.exempt_open_deals,
  rulesEnabled: !!p.rules_enabled,
  version: p.version,
});

export async function listPools(db: DbOrTx, viewer: Viewer) {
  let q = db.selectFrom("pools as p").selectAll("p").orderBy("p.id");
  if (viewer.role !== "admin") q = q.where(memberPools(viewer.id, "p.id"));
  const pools = await q.execute();
  if (!pools.length) return [];
  const ids = pools.map((p) => p.id);
  const [counts, rules, members, admins] = await Promise.all([
    db
      .selectFrom("customers")
      .select(["pool_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("owner_id", "is", null)
      .where("pool_id", "in", ids)
      .groupBy("pool_id")
      .execute(),
    db.selectFrom("pool_rules").selectAll().where("pool_id", "in", ids).orderBy("position").orderBy("id").execute(),
    db
      .selectFrom("pool_members as m")
      .leftJoin("users as u", "u.id", "m.user_id")
      .leftJoin("departments as d", "d.id", "m.department_id")
      .select(["m.pool_id", "m.user_id", "u.name as user_name", "m.department_id", "d.name as department_name"])
      .where("m.pool_id", "in", ids)
      .orderBy("m.id")
      .execute(),
    db
      .selectFrom("pool_admins as a")
      .innerJoin("users as u", "u.id", "a.user_id")
      .select(["a.pool_id", "u.id", "u.name"])
      .where("a.pool_id", "in", ids)
      .orderBy("a.id")
      .execute(),
  ]);
  return Promise.all(
    pools.map(async (p) => ({
      ...poolView(p),
      customerCount: Number(counts.find((c) => c.pool_id === p.id)?.n ?? 0),
      rules: rules.filter((r) => r.pool_id === p.id).map((r) => ({ kind: r.kind, level: r.level, days: r.days, warnDays: r.warn_days })),
      members: members
        .filter((m) => m.pool_id === p.id)
        .map((m) => (m.user_id != null ? { userId: m.user_id, name: m.user_name } : { departmentId: m.department_id, name: m.department_name })),
      admins: admins.filter((a) => a.pool_id === p.id).map((a) => ({ id: a.id, name: a.name })),
      canAdmin: await isPoolAdmin(db, viewer, p.id),
    })),
  );
}

/** Masks a phone ("138****5678") or e-mail ("z***@example.cn") while its customer sits in a masking pool. */
export function maskPhone(v: string | null): string | null {
  if (!v) return v;
  const digits = v.replace(/\s/g, "");
  return digits.length <= 4 ? "****" : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
export function maskEmail(v: string | null): string | null {
  if (!v) return v;
  const at = v.indexOf("@");
  return at <= 0 ? "***" : `${v[0]}***${v.slice(at)}`;
}

export interface PoolCustomerQuery {
  q?: string;
  limit: number;
  cursor?: string;
}

/** Customers waiting in the pool, newest first (keyset on pooled time and id), with who gave them up and why. */
export async function poolCustomers(db: DbOrTx, poolId: number, f: PoolCustomerQuery) {
  let q = db
    .selectFrom("customers as c")
    .leftJoin("users as pu", "pu.id", "c.previous_owner_id")
    .select([
      "c.id",
      "c.name",
      "c.industry",
      "c.region",
      "c.priority",
      "c.pooled_at",
      "c.previous_owner_id",
      "pu.name as previous_owner_name",
      "c.version",
      sql<
        string | null
      >`(select e.reason from pool_events e where e.customer_id = c.id and e.kind in ('release', 'reclaim') order by e.at desc, e.id desc limit 1)`.as(
        "reason",
      ),
      sql<
        string | null
      >`(select e.rule from pool_events e where e.customer_id = c.id and e.kind in ('release', 'reclaim') order by e.at desc, e.id desc limit 1)`.as("rule"),
      sql<
        string | null
      >`(select e.kind from pool_events e where e.customer_id = c.id and e.kind in ('release', 'reclaim') order by e.at desc, e.id desc limit 1)`.as("how"),
    ])
    .where("c.pool_id", "=", poolId)
    .where("c.owner_id", "is", null);
  if (f.q) q = q.where(sql<SqlBool>`lower(c.name) like ${`%${f.q.trim().toLowerCase()}%`}`);
  if (f.cursor) {
    const [at, id] = f.cursor.split(":").map(Number);
    q = q.where(sql<SqlBool>`(coalesce(c.pooled_at, 0) < ${at} or (coalesce(c.pooled_at, 0) = ${at} and c.id < ${id}))`);
  }
  const rows = await q
    .orderBy(sql`coalesce(c.pooled_at, 0)`, "desc")
    .orderBy("c.id", "desc")
    .limit(f.limit + 1)
    .execute();
  const items = rows.slice(0, f.limit).map((r) => ({
    id: r.id,
    name: r.name,
    industry: r.industry,
    region: r.region,
    priority: r.priority,
    pooledAt: r.pooled_at,
    previousOwnerId: r.previous_owner_id,
    previousOwnerName: r.previous_owner_name,
    how: r.how,
    reason: r.reason,
    rule: r.rule,
    version: r.version,
  }));
  const last = rows.length > f.limit ? items[items.length - 1] : null;
  return { items, nextCursor: last ? `${last.pooledAt ?? 0}:${last.id}` : null };
}

/** The 销售简报's own reads: forgotten customers and the customers whose pool clock is inside its warning window. */
import { type SqlBool, sql } from "kysely";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { DAY_MS } from "../core/dates";
import type { DbOrTx } from "../db/tx";
import { poolCountdowns } from "../pools/facts-store";

/** Owned customers the viewer sees (rep: own; `owner` narrows to one person). */
function ownedVisible(db: DbOrTx, viewer: Viewer, owner: number | undefined) {
  let q = db
    .selectFrom("customers as c")
    .leftJoin("users as u", "u.id", "c.owner_id")
    .where("c.owner_id", "is not", null)
    .where(visible(viewer, "c.owner_id", "c.id", "customer"));
  const who = owner ?? (viewer.role === "rep" ? viewer.id : undefined);
  if (who) q = q.where("c.owner_id", "=", who);
  return q;
}

/**
 * Customers with no activity done in the last `days` days (never contacted ones too), the longest-forgotten first:
 * each customer's last contact is one probe of activities (customer_id) — no scan of the activity table.
 */
export async function forgottenCustomers(db: DbOrTx, viewer: Viewer, owner: number | undefined, days: number, now: number, limit: number) {
  const since = now - days * DAY_MS;
  const last = sql<number | null>`(select max(a.done_at) from activities a where a.customer_id = c.id and a.done_at is not null)`;
  const quiet = sql<SqlBool>`not exists (select 1 from activities a where a.customer_id = c.id and a.done_at >= ${since})`;
  const base = ownedVisible(db, viewer, owner).where(quiet);
  const [rows, total] = await Promise.all([
    base
      .select([
        "c.id",
        "c.name",
        "c.owner_id",
        "u.name as owner_name",
        "c.priority",
        "c.next_follow_up_date",
        last.as("last_contact_at"),
        "c.owner_since",
        "c.created_at",
      ])
      .orderBy(sql`coalesce((select max(a.done_at) from activities a where a.customer_id = c.id and a.done_at is not null), 0)`)
      .orderBy("c.id")
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    days,
    total: Number(total.n),
    items: rows.map((r) => ({
      customerId: r.id,
      customerName: r.name,
      ownerId: r.owner_id,
      ownerName: r.owner_name,
      priority: r.priority,
      lastContactAt: r.last_contact_at == null ? null : Number(r.last_contact_at),
      nextFollowUpDate: r.next_follow_up_date,
      silentDays: Math.floor((now - Number(r.last_contact_at ?? r.owner_since ?? r.created_at)) / DAY_MS),
    })),
  };
}

/**
 * Customers the reclaim rules will send back to the pool soon (inside a rule's warning window, or due). Only
 * customers received long enough ago can be inside a window (every rule's clock starts at or after owner_since), so
 * the countdown is computed for those alone.
 */
export async function poolSoon(db: DbOrTx, viewer: Viewer, owner: number | undefined, now: number, tz: string, limit: number) {
  const rules = await db
    .selectFrom("pool_rules as r")
    .innerJoin("pools as p", "p.id", "r.pool_id")
    .where("p.rules_enabled", "=", 1)
    .select(["r.days", "r.warn_days"])
    .execute();
  if (!rules.length) return { total: 0, items: [] };
  const earliest = Math.min(...rules.map((r) => r.days - Math.max(0, r.warn_days))) - 1;
  const cutoff = now - Math.max(0, earliest) * DAY_MS;
  const candidates = await ownedVisible(db, viewer, owner)
    .where("c.locked", "=", 0)
    .where(sql<SqlBool>`coalesce(c.owner_since, c.created_at) <= ${cutoff}`)
    .select(["c.id", "c.name", "c.owner_id", "u.name as owner_name"])
    .orderBy("c.id")
    .limit(5000)
    .execute();
  const clocks = await poolCountdowns(
    db,
    candidates.map((c) => c.id),
    now,
    tz,
  );
  const soon = candidates
    .flatMap((c) => {
      const k = clocks.get(c.id);
      return k && (k.status === "warn" || k.status === "due")
        ? [
            {
              customerId: c.id,
              customerName: c.name,
              ownerId: c.owner_id,
              ownerName: c.owner_name,
              daysLeft: k.daysLeft ?? 0,
              dueDate: k.dueDate,
              rule: k.rule,
              status: k.status,
            },
          ]
        : [];
    })
    .sort((a, b) => a.daysLeft - b.daysLeft || a.customerId - b.customerId);
  return { total: soon.length, items: soon.slice(0, limit) };
}

/** "user:7" → the person's name, "team:2" → the team's, for the targets shown. */
export async function targetNames(db: DbOrTx, targets: Array<{ scope: string; scopeId: number | null }>): Promise<Map<string, string>> {
  const ids = (scope: string) => targets.filter((t) => t.scope === scope && t.scopeId != null).map((t) => t.scopeId as number);
  const [users, teams] = await Promise.all([
    ids("user").length ? db.selectFrom("users").select(["id", "name"]).where("id", "in", ids("user")).execute() : [],
    ids("team").length ? db.selectFrom("teams").select(["id", "name"]).where("id", "in", ids("team")).execute() : [],
  ]);
  return new Map([...users.map((u) => [`user:${u.id}`, u.name] as const), ...teams.map((t) => [`team:${t.id}`, t.name] as const)]);
}

export async function pipelineName(db: DbOrTx, id: number) {
  const p = await db.selectFrom("pipelines").select(["name_zh", "name_en"]).where("id", "=", id).executeTakeFirst();
  return { nameZh: p?.name_zh ?? "", nameEn: p?.name_en ?? "" };
}

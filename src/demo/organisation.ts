/**
 * Demo organisation: a 3-level department tree (总部 → 大区 → team), managers and leaders, a company-wide pool with
 * every rep as a member, reclaim rules switched on, about 200 customers waiting in the pool, and owned customers
 * spread over the reclaim clock so a few sit inside the warning window (none are due on the first night).
 */
import { recordPoolEvent } from "../pools/events-store";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";
import { createDepartment, placeUser, setManagers } from "../org/departments-store";
import { defaultPoolId } from "../pools/store";
import type { DemoPeople } from "./people";
import { SALES_REGIONS } from "./words";

const DAY = 86_400_000;
const REASONS = ["客户暂无采购计划", "联系人离职，需重新开发", "预算被砍，明年再跟", "已选择竞品", "区域调整，移交公海"];

export async function organiseDemo(db: Kysely<Database>, people: DemoPeople, now: number, poolSize = 200): Promise<{ departments: number; pooled: number }> {
  const root = await createDepartment(db, { name: "金豆科技总部", managerIds: [people.adminId] }, now);
  await placeUser(db, people.adminId, root, null);
  const regionDept = new Map<number, number>();
  let departments = 1;
  for (const team of people.teams) {
    let region = regionDept.get(team.region);
    if (region == null) {
      region = await createDepartment(db, { name: `${SALES_REGIONS[team.region].name}大区`, parentId: root }, now);
      regionDept.set(team.region, region);
      departments++;
    }
    // Each team becomes a department under its region.
    const dept = await createDepartment(
      db,
      { name: team.name === `${SALES_REGIONS[team.region].name}大区` ? `${team.name}一部` : team.name, parentId: region, managerIds: [team.managerId] },
      now,
    );
    departments++;
    await placeUser(db, team.managerId, dept, null);
    await db
      .updateTable("users")
      .set({ department_id: dept, leader_id: team.managerId })
      .where("team_id", "=", team.id)
      .where("id", "!=", team.managerId)
      .execute();
  }
  // Each region is led by its first team's manager as well.
  for (const [region, dept] of regionDept) {
    const first = people.teams.find((t) => t.region === region);
    if (first) await setManagers(db, dept, [first.managerId]);
  }

  const pool = await defaultPoolId(db, now);
  await db
    .updateTable("pools")
    .set({ rules_enabled: 1, daily_claim_cap: 10, cooldown_days: 15, hold_cap: 300, lock_cap: 20, exempt_won: 1, exempt_open_deals: 1, mask_contacts: 1 })
    .where("id", "=", pool)
    .execute();
  await db.insertInto("pool_members").values({ pool_id: pool, user_id: null, department_id: root }).execute();
  await db
    .insertInto("pool_admins")
    .values({ pool_id: pool, user_id: people.adminId })
    .onConflict((oc) => oc.columns(["pool_id", "user_id"]).doNothing())
    .execute();
  for (const t of people.teams)
    await db
      .insertInto("pool_admins")
      .values({ pool_id: pool, user_id: t.managerId })
      .onConflict((oc) => oc.columns(["pool_id", "user_id"]).doNothing())
      .execute();
  await db
    .insertInto("pool_rules")
    .values([
      { pool_id: pool, kind: "no_follow_up", level: null, days: 30, warn_days: 3, position: 0 },
      { pool_id: pool, kind: "no_follow_up", level: "priority:high", days: 45, warn_days: 5, position: 1 },
      { pool_id: pool, kind: "no_deal", level: null, days: 60, warn_days: 5, position: 2 },
    ])
    .execute();

  // Owned customers received 0–28 days ago: those at 27–28 days (no follow-up since) are inside the warning window.
  await db
    .updateTable("customers")
    .set({ owner_since: sql`${now} - ((id * 7919) % 29) * ${DAY} - 3600000`, pool_id: pool })
    .execute();

  const candidates = await db
    .selectFrom("customers as c")
    .select(["c.id", "c.owner_id"])
    .where(sql<boolean>`not exists (select 1 from opportunities o where o.customer_id = c.id and o.status in ('open', 'won'))`)
    .orderBy(sql`(c.id * 2654435761) % 1000003`)
    .limit(poolSize * 3)
    .execute();
  // At most 60% of the customers without deals go to the pool, so some stay owned and run down the reclaim clock.
  const chosen = candidates.slice(0, Math.min(poolSize, Math.floor(candidates.length * 0.6)));
  let i = 0;
  for (const c of chosen) {
    const at = now - (1 + (i % 40)) * DAY;
    const reclaimed = i % 3 === 0;
    await db.updateTable("customers").set({ owner_id: null, previous_owner_id: c.owner_id, pooled_at: at, locked: 0 }).where("id", "=", c.id).execute();
    await recordPoolEvent(db, {
      customerId: c.id,
      poolId: pool,
      kind: reclaimed ? "reclaim" : "release",
      from: c.owner_id,
      rule: reclaimed ? "no_follow_up:30" : null,
      reason: reclaimed ? "30天未跟进，自动退回公海" : REASONS[i % REASONS.length],
      actorId: reclaimed ? null : c.owner_id,
      at,
    });
    i++;
  }
  return { departments, pooled: chosen.length };
}

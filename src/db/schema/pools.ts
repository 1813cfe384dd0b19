/** Customer pools (公海, migration 070): pools, members, admins, return rules, pool events and warnings. */
import type { Generated } from "kysely";
import type { Id, Ms } from "./columns";

export type PoolRuleKind = "no_follow_up" | "no_deal" | "not_won";
export type PoolEventKind = "release" | "reclaim" | "claim" | "assign" | "transfer";
export interface PoolsTable {
  id: Id;
  name: string;
  is_default: Generated<number>;
  mask_contacts: Generated<number>;
  daily_claim_cap: number | null;
  cooldown_days: number | null;
  hold_cap: number | null;
  hold_counts_won: Generated<number>;
  lock_cap: number | null;
  exempt_won: Generated<number>;
  exempt_open_deals: Generated<number>;
  rules_enabled: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface PoolMembersTable {
  id: Id;
  pool_id: number;
  user_id: number | null;
  department_id: number | null;
}
export interface PoolAdminsTable {
  id: Id;
  pool_id: number;
  user_id: number;
}
export interface PoolRulesTable {
  id: Id;
  pool_id: number;
  kind: PoolRuleKind;
  level: string | null;
  days: number;
  warn_days: number;
  position: Generated<number>;
}
export interface PoolEventsTable {
  id: Id;
  customer_id: number;
  pool_id: number | null;
  kind: PoolEventKind;
  from_user_id: number | null;
  to_user_id: number | null;
  rule: string | null;
  reason: string | null;
  actor_id: number | null;
  batch_id: string | null;
  at: Ms;
}
export interface PoolWarningsTable {
  id: Id;
  customer_id: number;
  owner_id: number;
  due_date: string;
  rule: string;
  activity_id: number | null;
  created_at: Ms;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface PoolsSchema {
  pools: PoolsTable;
  pool_members: PoolMembersTable;
  pool_admins: PoolAdminsTable;
  pool_rules: PoolRulesTable;
  pool_events: PoolEventsTable;
  pool_warnings: PoolWarningsTable;
}

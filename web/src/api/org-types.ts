/** Types of the organisation, pool, token and audit answers (issue 15). */
export type DataScope = "self" | "self_and_subordinates" | "dept" | "dept_and_below" | "all";
export interface Department {
  id: number;
  name: string;
  parentId: number | null;
  path: string;
  depth: number;
  version: number;
  managers: Array<{ id: number; name: string }>;
  memberCount: number;
}
export interface Member {
  id: number;
  name: string;
  email: string;
  role: string;
  active: boolean;
  departmentId: number | null;
  departmentName: string | null;
  leaderId: number | null;
  leaderName: string | null;
  dataScope: DataScope | null;
  effectiveScope: DataScope;
}
export interface PoolRule {
  kind: "no_follow_up" | "no_deal" | "not_won";
  level: string | null;
  days: number;
  warnDays: number;
}
export interface Pool {
  id: number;
  name: string;
  isDefault: boolean;
  maskContacts: boolean;
  dailyClaimCap: number | null;
  cooldownDays: number | null;
  holdCap: number | null;
  holdCountsWon: boolean;
  lockCap: number | null;
  exemptWon: boolean;
  exemptOpenDeals: boolean;
  rulesEnabled: boolean;
  version: number;
  customerCount: number;
  rules: PoolRule[];
  admins: Array<{ id: number; name: string }>;
  canAdmin: boolean;
}
export interface PoolCustomer {
  id: number;
  name: string;
  industry: string | null;
  region: string | null;
  priority: string | null;
  pooledAt: number | null;
  previousOwnerName: string | null;
  how: string | null;
  reason: string | null;
  rule: string | null;
}
export interface Countdown {
  status: "ok" | "warn" | "due" | "exempt";
  daysLeft: number | null;
  dueDate: string | null;
  rule: string | null;
  exemptBy: string | null;
}
export interface TokenRow {
  id: number;
  userId: number;
  userName: string;
  name: string;
  scope: "read" | "write";
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  status: "active" | "revoked" | "expired";
}
export interface AuditRow {
  id: number;
  actorId: number | null;
  actorName: string | null;
  entity: string;
  entityId: number;
  action: string;
  diff: unknown;
  at: number;
  batchId: string | null;
}

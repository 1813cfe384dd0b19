/** Users, teams, sign-in and the organisation: sessions, API tokens, failed sign-ins, departments and data scopes. */
import type { ColumnType, Generated } from "kysely";
import type { Id, Ms } from "./columns";

// 070_org: the department tree and data scopes
export type DataScope = "self" | "self_and_subordinates" | "dept" | "dept_and_below" | "all";
export interface TeamsTable {
  id: Id;
  name: string;
  manager_id: number | null;
  created_at: Ms;
}
export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string;
  role: "admin" | "manager" | "rep";
  team_id: number | null;
  locale: string;
  active: number;
  created_at: Ms;
  version: Generated<number>;
  department_id: ColumnType<number | null, number | null | undefined>;
  leader_id: ColumnType<number | null, number | null | undefined>;
  data_scope: ColumnType<DataScope | null, DataScope | null | undefined>;
  /** 080_import: the id another system knows the user by (owners in imported files) */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Ms;
  expires_at: Ms;
  last_seen_at: Ms;
}
export interface ApiTokensTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Ms;
  last_used_at: Ms | null;
  revoked_at: Ms | null;
  scope: ColumnType<"read" | "write", "read" | "write" | undefined>;
  expires_at: ColumnType<Ms | null, Ms | null | undefined>;
}
export interface LoginFailuresTable {
  id: Id;
  email: string;
  ip: string;
  at: Ms;
}
export interface DepartmentsTable {
  id: Id;
  name: string;
  parent_id: number | null;
  path: string;
  position: Generated<number>;
  created_at: Ms;
  updated_at: Ms;
  version: Generated<number>;
}
export interface DepartmentManagersTable {
  id: Id;
  department_id: number;
  user_id: number;
}
export interface RoleScopesTable {
  role: "admin" | "manager" | "rep";
  scope: DataScope;
  updated_at: Ms;
}
/** The tables of this file, by name (src/db/schema.ts joins them into Database). */
export interface PeopleSchema {
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  departments: DepartmentsTable;
  department_managers: DepartmentManagersTable;
  role_scopes: RoleScopesTable;
}

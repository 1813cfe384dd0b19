/** Who is asking: the signed-in viewer's identity, role and data scope, and the role gate (403) a route or store applies. */
import { forbidden } from "../core/errors";
import type { DataScope } from "../db/schema";

export type Role = "admin" | "manager" | "rep";
export type { DataScope };

/** Where the viewer sits in the organisation; loaded with the viewer (src/access/org.ts). */
export interface ViewerOrg {
  departmentId: number | null;
  /** the data scope in force: the user's own, else the role's, else the role's default */
  scope: DataScope;
  /** the viewer's department and the departments they manage */
  deptIds: number[];
  /** the same departments' tree paths ("/1/4/"), for "department and below" */
  deptPaths: string[];
  /** when the viewer was loaded: shares that expired before this no longer admit records */
  at: number;
}

export interface Viewer {
  id: number;
  role: Role;
  teamId: number | null;
  name: string;
  email: string;
  locale: string;
  /** absent for system viewers (jobs, CLI as admin); a missing org falls back to the role's default scope */
  org?: ViewerOrg;
  /** a bearer token with read-only scope */
  readOnly?: boolean;
}

export const DATA_SCOPES: DataScope[] = ["self", "self_and_subordinates", "dept", "dept_and_below", "all"];

/** Defaults: rep 本人, manager 本部门及下属部门, admin 全部. */
export function defaultScope(role: Role): DataScope {
  return role === "admin" ? "all" : role === "manager" ? "dept_and_below" : "self";
}

/** The scope in force for the viewer. */
export function scopeOf(viewer: Viewer): DataScope {
  return viewer.org?.scope ?? defaultScope(viewer.role);
}

/** Throws 403 unless the viewer has one of the roles. */
export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  if (!roles.includes(viewer.role)) throw forbidden(`requires role ${roles.join(" or ")}`);
}

/** Who is asking: the signed-in viewer's identity and role, and the role gate (403) a route or store applies. */
import { forbidden } from "../core/errors";

export type Role = "admin" | "manager" | "rep";

export interface Viewer {
  id: number;
  role: Role;
  teamId: number | null;
  name: string;
  email: string;
  locale: string;
}

/** Throws 403 unless the viewer has one of the roles. */
export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  if (!roles.includes(viewer.role)) throw forbidden(`requires role ${roles.join(" or ")}`);
}

/** Who is signed in: the /auth/me answer, asked once at startup and shared by the boot code and the auth context. */
import { api } from "./client";
import type { User } from "./types";

export type Me = { user: User | null; csrfToken: string | null };
let me: Promise<Me> | null = null;

/** The /auth/me answer, fetched once at startup (null user when signed out). */
export function bootMe(): Promise<Me> {
  me ??= api.get<Me>("/auth/me").catch(() => ({ user: null, csrfToken: null }));
  return me;
}

/** Paging of list routes: the limit/cursor query params and the page a list answers with. */
import { z } from "zod";

export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(50),
  cursor: z.string().regex(/^\d+$/, "cursor is opaque; pass back nextCursor").optional(),
});

export function pageOf<T>(rows: T[], limit: number, cursor?: string): { items: T[]; nextCursor: string | null } {
  const offset = Number(cursor ?? 0);
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? String(offset + limit) : null };
}

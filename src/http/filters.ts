/** Paging of list routes: the limit/cursor query params (the cursor is an opaque keyset position, src/db/keyset.ts). */
import { z } from "zod";

export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(50),
  cursor: z.string().max(400).optional(),
});

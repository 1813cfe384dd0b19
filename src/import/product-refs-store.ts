/** Catalogue products named in an import's cells, by code or by name (a code wins over another product's name). */
import type { DbOrTx } from "../db/tx";

export async function productsByCodeOrName(tx: DbOrTx, cells: readonly unknown[]): Promise<Map<string, number>> {
  const texts = [...new Set(cells.filter((c) => c != null && c !== "").map(String))];
  const out = new Map<string, number>();
  if (!texts.length) return out;
  const rows = await tx
    .selectFrom("products")
    .select(["id", "code", "name"])
    .where((eb) => eb.or([eb("code", "in", texts), eb("name", "in", texts)]))
    .orderBy("id")
    .execute();
  for (const r of rows) if (texts.includes(r.code)) out.set(r.code, r.id);
  for (const r of rows) if (!out.has(r.name)) out.set(r.name, r.id);
  return out;
}

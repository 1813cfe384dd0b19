/**
 * External ids. Records created in the app have none; an export writes `jindou:<table>:<id>` for them, and an
 * import finds the record again by that key (without storing it), so exporting and re-importing into the same
 * database changes nothing.
 */
import type { DbOrTx } from "../db/tx";
import { selectWhereIn } from "./bulk";

export const syntheticKey = (table: string, id: number) => `jindou:${table}:${id}`;

export function syntheticId(table: string, key: string): number | null {
  const m = key.match(/^jindou:([a-z_]+):(\d+)$/);
  return m && m[1] === table ? Number(m[2]) : null;
}

/** Rows of `table` by external id (`select` must include id and external_id); synthetic keys match rows without one. */
export async function selectByExternalId<T extends { id: number; external_id: string | null }>(
  tx: DbOrTx,
  table: string,
  select: string,
  exts: readonly string[],
): Promise<T[]> {
  const unique = [...new Set(exts)];
  const rows = await selectWhereIn<T>(tx, table, select, "external_id", unique);
  const found = new Set(rows.map((r) => r.external_id));
  const ids = unique
    .filter((e) => !found.has(e))
    .map((e) => syntheticId(table, e))
    .filter((n): n is number => n != null);
  if (ids.length) {
    for (const r of await selectWhereIn<T>(tx, table, select, "id", ids)) {
      if (r.external_id == null) rows.push({ ...r, external_id: syntheticKey(table, Number(r.id)) });
    }
  }
  // A merged record's ids (external or export key) are aliases of the survivor (customers/merge-store.ts).
  const have = new Set(rows.map((r) => r.external_id));
  const left = unique.filter((e) => !have.has(e));
  if (left.length && (table === "customers" || table === "contacts")) {
    const wanted = (
      await selectWhereIn<{ alias: string; target_id: number; entity: string }>(tx, "external_id_aliases", "alias, target_id, entity", "alias", left)
    ).filter((a) => a.entity === table);
    const survivors = new Map(
      (
        await selectWhereIn<T>(
          tx,
          table,
          select,
          "id",
          wanted.map((a) => Number(a.target_id)),
        )
      ).map((r) => [Number(r.id), r]),
    );
    // the row answers to the alias; stored_external_id keeps its own, which an update must not overwrite
    for (const a of wanted) {
      const r = survivors.get(Number(a.target_id));
      if (r) rows.push({ ...r, external_id: a.alias, stored_external_id: r.external_id });
    }
  }
  return rows;
}

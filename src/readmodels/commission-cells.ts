/**
 * Read model of the commission report (issue 10, migration 340): `commission_cells`, per period key (year, quarter,
 * month, ISO week of the payment's local day in the organisation's zone) and deal owner, the commissionable fen of
 * payment_counted and the contracts counted; `commission_credit`, the deal owner each contract is credited to.
 * Contracts without a deal are left to the report's live part (their owner is their customer's, which moves with
 * pools and transfers). Kept by deltas inside the write's transaction: a contract's cells before its refresh (read
 * with the owner it was credited to) are taken away and its cells after it added — around every refresh of the cash
 * model (src/readmodels/contract-cash.ts) and after its deal changed owner (opportunitiesChanged). Rebuilt with cash.
 */
import { sql } from "kysely";
import { periodKeysOf } from "../cash/commission-periods";
import { localDate } from "../core/dates";
import type { DbOrTx } from "../db/tx";
import { inChunks, inRanges, keyCond, type Keys } from "./id-range";

interface Cell {
  period: string;
  owner: number;
  contracts: number;
  fen: number;
}
type Cells = Map<string, Cell>;

/** Local days by quarter hour (zone offsets and their changes fall on quarter hours). */
function dayOf(tz: string): (ms: number) => string {
  const memo = new Map<number, string>();
  return (ms) => {
    const q = Math.floor(ms / 900_000);
    let d = memo.get(q);
    if (d === undefined) {
      d = localDate(ms, tz);
      memo.set(q, d);
    }
    return d;
  };
}

/** The cells of these contracts' counted payments, credited to the owner kept in commission_credit or to the deal's owner now. */
async function cellsOf(tx: DbOrTx, k: Keys, tz: string, owners: "kept" | "now", into: Cells = new Map()): Promise<Cells> {
  const from =
    owners === "kept"
      ? sql`payment_counted pc join commission_credit cr on cr.contract_id = pc.contract_id`
      : sql`payment_counted pc join contracts k on k.id = pc.contract_id join opportunities o on o.id = k.opportunity_id`;
  const owner = owners === "kept" ? sql`cr.owner_id` : sql`o.owner_id`;
  const r = await sql<{ contract_id: number; received_at: number; counted_fen: number; owner_id: number }>`select pc.contract_id, pc.received_at,
      pc.counted_fen, ${owner} as owner_id from ${from} where ${keyCond("pc.contract_id", k)}`.execute(tx);
  const day = dayOf(tz);
  const seen = new Set<string>();
  for (const row of r.rows) {
    const ownerId = Number(row.owner_id);
    for (const period of periodKeysOf(day(Number(row.received_at)))) {
      const key = `${period}\t${ownerId}`;
      let c = into.get(key);
      if (!c) {
        c = { period, owner: ownerId, contracts: 0, fen: 0 };
        into.set(key, c);
      }
      c.fen += Number(row.counted_fen);
      const once = `${key}\t${row.contract_id}`;
      if (!seen.has(once)) {
        seen.add(once);
        c.contracts++;
      }
    }
  }
  return into;
}

/** Adds after − before to the stored cells and drops the cells left with no contract. */
async function applyDelta(tx: DbOrTx, before: Cells, after: Cells): Promise<void> {
  const delta: Cell[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [b, a] = [before.get(key), after.get(key)];
    const c = (a ?? b) as Cell;
    const d = { period: c.period, owner: c.owner, contracts: (a?.contracts ?? 0) - (b?.contracts ?? 0), fen: (a?.fen ?? 0) - (b?.fen ?? 0) };
    if (d.contracts !== 0 || d.fen !== 0) delta.push(d);
  }
  for (let i = 0; i < delta.length; i += 400) {
    const part = delta.slice(i, i + 400);
    await tx
      .insertInto("commission_cells")
      .values(part.map((d) => ({ period: d.period, owner_id: d.owner, contracts: d.contracts, counted_fen: d.fen })))
      .onConflict((oc) =>
        oc.columns(["period", "owner_id"]).doUpdateSet({
          contracts: sql`commission_cells.contracts + excluded.contracts`,
          counted_fen: sql`commission_cells.counted_fen + excluded.counted_fen`,
        }),
      )
      .execute();
    await tx
      .deleteFrom("commission_cells")
      .where("contracts", "=", 0)
      .where("period", "in", [...new Set(part.map((d) => d.period))])
      .where("owner_id", "in", [...new Set(part.map((d) => d.owner))])
      .execute();
  }
}

/** The deal owners these contracts are credited to, as they are now. */
async function keepOwners(tx: DbOrTx, k: Keys): Promise<void> {
  await sql`delete from commission_credit where ${keyCond("contract_id", k)}`.execute(tx);
  await sql`insert into commission_credit (contract_id, owner_id)
    select k.id, o.owner_id from contracts k join opportunities o on o.id = k.opportunity_id where ${keyCond("k.id", k)}`.execute(tx);
}

/** Runs `change` (which may rewrite these contracts' payment_counted rows) and moves their cells from before it to after it. */
export async function recreditAround(tx: DbOrTx, k: Keys, tz: string, change: () => Promise<void>): Promise<void> {
  const before = await cellsOf(tx, k, tz, "kept");
  await change();
  await keepOwners(tx, k);
  await applyDelta(tx, before, await cellsOf(tx, k, tz, "now"));
}

/** After deals changed (their owner may have): their contracts' cells move to the owner they have now. */
export async function refreshCommissionOfDeals(tx: DbOrTx, opportunityIds: readonly number[], tz: string): Promise<void> {
  if (!opportunityIds.length) return;
  const r = await sql<{ id: number }>`select id from contracts where ${keyCond("opportunity_id", { ids: opportunityIds })}`.execute(tx);
  await inChunks(
    r.rows.map((x) => Number(x.id)),
    (k) => recreditAround(tx, k, tz, async () => {}),
  );
}

/** Every cell from payment_counted (after its rebuild), in contract-id ranges. */
export async function rebuildCommissionCells(db: DbOrTx, tz: string): Promise<void> {
  await sql`delete from commission_cells`.execute(db);
  await sql`delete from commission_credit`.execute(db);
  await sql`insert into commission_credit (contract_id, owner_id)
    select k.id, o.owner_id from contracts k join opportunities o on o.id = k.opportunity_id`.execute(db);
  const all: Cells = new Map();
  await inRanges(db, "contracts", "id", 20_000, async (k) => {
    await cellsOf(db, k, tz, "now", all);
  });
  await applyDelta(db, new Map(), all);
}

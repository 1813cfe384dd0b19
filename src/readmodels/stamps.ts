/**
 * Stamps of the per-customer fact models (`deals`, `activities`; migration 270): 64 version rows per model, a write
 * bumping, in its own transaction, only the rows of the shards (customer id mod 64) of the customers it touched. The
 * stamp is the sum of a model's versions: every committed write raises it, so a cache entry kept under a stamp is
 * never served after a later change, while concurrent moves of customers in different shards take different row
 * locks (a single counter row would serialise them on PostgreSQL).
 */
import { sql } from "kysely";
import type { DbOrTx } from "../db/tx";

export type StampedModel = "deals" | "activities";
/** Rows per model; a model's build (bumpAll) makes them. */
export const STAMP_SHARDS = 64;

/** The shard of a customer id expression, as SQL (the move statements bump the moved customer's shard with it). */
export const shardSql = (customerId: string): string => `(${customerId} % ${STAMP_SHARDS})`;

/** A new stamp for the shards of these customers, in the writer's transaction. */
export async function bumpStamp(tx: DbOrTx, model: StampedModel, customerIds: readonly number[]): Promise<void> {
  const shards = [...new Set(customerIds.map((c) => c % STAMP_SHARDS))].sort((a, b) => a - b);
  if (!shards.length) return;
  await sql`update read_model_stamps set version = version + 1
    where model = ${model} and shard in (${sql.join(shards.map((s) => sql.lit(s)))})`.execute(tx);
}

/** A new stamp for every shard (rebuilds); creates missing rows. Versions go on counting, so a stamp is never reused. */
export async function bumpAll(tx: DbOrTx, model: StampedModel): Promise<void> {
  await sql`update read_model_stamps set version = version + 1 where model = ${model}`.execute(tx);
  const have = await sql<{ shard: number }>`select shard from read_model_stamps where model = ${model}`.execute(tx);
  const present = new Set(have.rows.map((r) => Number(r.shard)));
  const missing = Array.from({ length: STAMP_SHARDS }, (_, s) => s).filter((s) => !present.has(s));
  if (missing.length)
    await sql`insert into read_model_stamps (model, shard, version) values ${sql.join(missing.map((s) => sql`(${model}, ${sql.lit(s)}, 1)`))}`.execute(tx);
}

/** The model's stamp, or null when it was never built (callers fall back to the whole-data stamp). */
export async function modelStamp(db: DbOrTx, model: StampedModel): Promise<string | null> {
  const r = await sql<{ v: number | string | null; b: number | string | null }>`select
      (select sum(version) from read_model_stamps where model = ${model}) as v,
      (select built_at from read_model_state where model = ${model}) as b`.execute(db);
  const row = r.rows[0];
  return row?.b == null ? null : `${model}${row.v ?? 0}`;
}

/**
 * The model's version of every shard (index = shard; a shard without a row reads 0), or null when it was never built:
 * a cache kept per shard re-reads only the shards whose version moved on (src/tiering/store-facts.ts).
 */
export async function shardVersions(db: DbOrTx, model: StampedModel): Promise<number[] | null> {
  const r = await sql<{ shard: number | null; version: number | string | null; b: number | string | null }>`select s.shard, s.version,
      (select built_at from read_model_state where model = ${model}) as b
    from (select 1 as one) x left join read_model_stamps s on s.model = ${model}`.execute(db);
  if (!r.rows.length || r.rows[0].b == null) return null;
  const out = new Array<number>(STAMP_SHARDS).fill(0);
  for (const row of r.rows) if (row.shard != null && Number(row.shard) < STAMP_SHARDS) out[Number(row.shard)] = Number(row.version);
  return out;
}

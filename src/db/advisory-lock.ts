/**
 * A PostgreSQL advisory lock named by a string, held until the caller's transaction ends (pg_advisory_xact_lock): a
 * second instance asking for the same name waits for the first to commit. A no-op on SQLite, whose one writer at a
 * time is taken by the transaction's first write.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { isPostgres } from "./dialect";
import type { Tx } from "./tx";

/** The 64-bit lock key of a name (the first 8 bytes of its SHA-256). */
export const advisoryKey = (name: string): bigint => createHash("sha256").update(name).digest().readBigInt64BE(0);

export async function lockUntilCommit(tx: Tx, name: string): Promise<void> {
  if (!isPostgres(tx)) return;
  await sql`select pg_advisory_xact_lock(${advisoryKey(name).toString()}::bigint)`.execute(tx);
}

/**
 * A stamp of the customer columns the tiering reports rank by (issue 10, src/tiering/store-customers.ts): which
 * customers exist, their credit and prospect ratings and size band. `customer_stamps` holds 64 counters (customer id
 * mod 64); triggers raise the counters of the customers a statement inserts, deletes, or whose ratings or size band
 * it changes, in the writer's transaction — every write path (API, import, merge, transfers, bulk SQL) included, and
 * no other update (follow-up dates, owners, priorities) touches them. The stamp is the counters' sum: every commit
 * that changes one of those columns raises it, so the whole base's columns are cached under it and a customer edit
 * shows at once. On PostgreSQL the triggers are per statement (transition tables), so a bulk write bumps each shard
 * once, in ascending order (two writers never wait on each other's shards in a cycle). The table is a cache key,
 * not data: backups leave it out (src/backup/backup.ts), so a restore neither counts nor resets it.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect";

const SHARD = "% 64";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("customer_stamps")
    .ifNotExists()
    .addColumn("shard", "integer", (c) => c.primaryKey())
    .addColumn("version", "bigint", (c) => c.notNull())
    .execute();
  const changed = (o: string, n: string) =>
    ["credit_rating", "prospect_rating", "size_band"].map((c) => `${o}.${c} ${isPostgres(db) ? "is distinct from" : "is not"} ${n}.${c}`).join(" or ");
  if (isPostgres(db)) {
    const bump = (rows: string) =>
      `insert into customer_stamps (shard, version) select distinct id ${SHARD}, 1 from (${rows}) x order by 1
        on conflict (shard) do update set version = customer_stamps.version + 1`;
    await sql
      .raw(`create or replace function jindou_customer_stamps() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${bump("select id from new_rows")};
        elsif tg_op = 'DELETE' then ${bump("select id from old_rows")};
        else ${bump(`select n.id from new_rows n join old_rows o on o.id = n.id where ${changed("o", "n")}`)};
        end if;
        return null;
      end $$`)
      .execute(db);
    await sql
      .raw(`create trigger customers_stamp_insert after insert on customers referencing new table as new_rows
        for each statement execute function jindou_customer_stamps()`)
      .execute(db);
    await sql
      .raw(`create trigger customers_stamp_delete after delete on customers referencing old table as old_rows
        for each statement execute function jindou_customer_stamps()`)
      .execute(db);
    await sql
      .raw(`create trigger customers_stamp_update after update on customers referencing old table as old_rows new table as new_rows
        for each statement execute function jindou_customer_stamps()`)
      .execute(db);
    return;
  }
  const bump = (row: string) =>
    `insert into customer_stamps (shard, version) values (${row}.id ${SHARD}, 1) on conflict (shard) do update set version = version + 1;`;
  await sql.raw(`create trigger customers_stamp_insert after insert on customers begin ${bump("new")} end`).execute(db);
  await sql.raw(`create trigger customers_stamp_delete after delete on customers begin ${bump("old")} end`).execute(db);
  await sql
    .raw(`create trigger customers_stamp_update after update of credit_rating, prospect_rating, size_band on customers
      when ${changed("old", "new")} begin ${bump("new")} end`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["insert", "delete", "update"])
    await sql.raw(`drop trigger if exists customers_stamp_${t}${isPostgres(db) ? " on customers" : ""}`).execute(db);
  if (isPostgres(db)) await sql`drop function if exists jindou_customer_stamps()`.execute(db);
  await db.schema.dropTable("customer_stamps").ifExists().execute();
}

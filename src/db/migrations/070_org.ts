/**
 * The sales organisation: departments (a tree, seeded one-for-one from teams), department managers, data scopes
 * per role and per user, record shares to users or departments with access and expiry, customer pools (公海)
 * with members, admins, reclaim rules, history and warnings, token scope and expiry, and audit batch ids.
 */
import { type Kysely, sql } from "kysely";
import { isPostgres } from "../dialect";

/**
 * SQLite cannot drop NOT NULL in place: the table is rebuilt from its own stored definition (so columns added by
 * any earlier migration survive), rows are copied, and its indexes are recreated.
 */
async function dropNotNull(db: Kysely<any>, table: string, column: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop not null`.execute(db);
    return;
  }
  const def = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const create = def.rows[0]?.sql;
  if (!create) throw new Error(`no table ${table}`);
  const pattern = new RegExp(`("${column}"\\s+\\w+)\\s+not null`, "i");
  if (!pattern.test(create)) throw new Error(`${table}.${column} is not declared NOT NULL as expected`);
  const rebuilt = create.replace(pattern, "$1").replace(new RegExp(`^create table "?${table}"?`, "i"), `create table "${table}__070"`);
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
  await sql.raw(rebuilt).execute(db);
  await sql.raw(`insert into "${table}__070" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${table}__070" rename to "${table}"`).execute(db);
  for (const i of indexes.rows) await sql.raw(i.sql).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    db.schema.createTable(name).addColumn("id", pg ? "bigserial" : "integer", (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const ms = "bigint" as const;
  const ref = "bigint" as const;

  // Departments: path is "/1/4/9/" (ancestors then self), so "department and below" is one prefix match.
  await table("departments")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("parent_id", ref)
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ms, (c) => c.notNull())
    .addColumn("updated_at", ms, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("departments_parent").on("departments").column("parent_id").execute();
  await db.schema.createIndex("departments_path").on("departments").column("path").execute();
  await table("department_managers")
    .addColumn("department_id", ref, (c) => c.notNull())
    .addColumn("user_id", ref, (c) => c.notNull())
    .addUniqueConstraint("department_managers_unique", ["department_id", "user_id"])
    .execute();
  await db.schema.createIndex("department_managers_user").on("department_managers").column("user_id").execute();

  await db.schema.alterTable("users").addColumn("department_id", ref).execute();
  await db.schema.alterTable("users").addColumn("leader_id", ref).execute();
  await db.schema.alterTable("users").addColumn("data_scope", "text").execute();
  await db.schema.createIndex("users_department").on("users").column("department_id").execute();
  await db.schema.createIndex("users_leader").on("users").column("leader_id").execute();
  await db.schema
    .createTable("role_scopes")
    .addColumn("role", "text", (c) => c.primaryKey())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("updated_at", ms, (c) => c.notNull())
    .execute();

  // Every team becomes a top-level department with the same id, name and manager; members keep their place.
  const now = Date.now();
  const teams = await db.selectFrom("teams").select(["id", "name", "manager_id", "created_at"]).orderBy("id").execute();
  for (const t of teams) {
    await db
      .insertInto("departments")
      .values({ id: t.id, name: t.name, parent_id: null, path: `/${t.id}/`, position: 0, created_at: t.created_at, updated_at: now })
      .execute();
    if (t.manager_id != null) {
      await db.insertInto("department_managers").values({ department_id: t.id, user_id: t.manager_id }).execute();
      await db.updateTable("users").set({ leader_id: t.manager_id }).where("team_id", "=", t.id).where("id", "!=", t.manager_id).execute();
    }
  }
  if (pg && teams.length) await sql`select setval(pg_get_serial_sequence('departments', 'id'), (select max(id) from departments))`.execute(db);
  await db
    .updateTable("users")
    .set({ department_id: sql.ref("team_id") })
    .where("team_id", "is not", null)
    .execute();
  // role_scopes stays empty: a role without a row has its default scope (rep self, manager department and below, admin all).

  // Shares: to a user or a department, read or write, with an optional expiry.
  await dropNotNull(db, "record_shares", "user_id");
  await db.schema.alterTable("record_shares").addColumn("department_id", ref).execute();
  await db.schema
    .alterTable("record_shares")
    .addColumn("access", "text", (c) => c.notNull().defaultTo("read"))
    .execute();
  await db.schema.alterTable("record_shares").addColumn("expires_at", ms).execute();
  await db.schema.alterTable("record_shares").addColumn("created_by", ref).execute();
  await db.schema.createIndex("record_shares_department").on("record_shares").columns(["department_id", "entity"]).execute();
  await db.schema.createIndex("record_shares_entity").on("record_shares").columns(["entity", "entity_id"]).execute();
  // Shares made before access levels existed let the rep work on the record, as they did.
  await db.updateTable("record_shares").set({ access: "write" }).execute();

  // Customers: a customer in a pool has no owner; pool_id names its pool (also while owned: where it returns).
  await dropNotNull(db, "customers", "owner_id");
  await db.schema.alterTable("customers").addColumn("pool_id", ref).execute();
  await db.schema.alterTable("customers").addColumn("owner_since", ms).execute();
  await db.schema
    .alterTable("customers")
    .addColumn("locked", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("customers").addColumn("previous_owner_id", ref).execute();
  await db.schema.alterTable("customers").addColumn("pooled_at", ms).execute();
  await db
    .updateTable("customers")
    .set({ owner_since: sql.ref("created_at") })
    .execute();
  await db.schema.createIndex("customers_pool").on("customers").columns(["pool_id", "owner_id"]).execute();

  await table("pools")
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("mask_contacts", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("daily_claim_cap", "integer")
    .addColumn("cooldown_days", "integer")
    .addColumn("hold_cap", "integer")
    .addColumn("hold_counts_won", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("lock_cap", "integer")
    .addColumn("exempt_won", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("exempt_open_deals", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("rules_enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", ms, (c) => c.notNull())
    .addColumn("updated_at", ms, (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await table("pool_members")
    .addColumn("pool_id", ref, (c) => c.notNull())
    .addColumn("user_id", ref)
    .addColumn("department_id", ref)
    .execute();
  await db.schema.createIndex("pool_members_pool").on("pool_members").column("pool_id").execute();
  await table("pool_admins")
    .addColumn("pool_id", ref, (c) => c.notNull())
    .addColumn("user_id", ref, (c) => c.notNull())
    .addUniqueConstraint("pool_admins_unique", ["pool_id", "user_id"])
    .execute();
  await table("pool_rules")
    .addColumn("pool_id", ref, (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("level", "text")
    .addColumn("days", "integer", (c) => c.notNull())
    .addColumn("warn_days", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("pool_rules_pool").on("pool_rules").column("pool_id").execute();
  await table("pool_events")
    .addColumn("customer_id", ref, (c) => c.notNull())
    .addColumn("pool_id", ref)
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_user_id", ref)
    .addColumn("to_user_id", ref)
    .addColumn("rule", "text")
    .addColumn("reason", "text")
    .addColumn("actor_id", ref)
    .addColumn("batch_id", "text")
    .addColumn("at", ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pool_events_customer").on("pool_events").columns(["customer_id", "at"]).execute();
  await db.schema.createIndex("pool_events_to_user").on("pool_events").columns(["to_user_id", "kind", "at"]).execute();
  await db.schema.createIndex("pool_events_from_user").on("pool_events").columns(["from_user_id", "customer_id", "at"]).execute();
  await table("pool_warnings")
    .addColumn("customer_id", ref, (c) => c.notNull())
    .addColumn("owner_id", ref, (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("rule", "text", (c) => c.notNull())
    .addColumn("activity_id", ref)
    .addColumn("created_at", ms, (c) => c.notNull())
    .addUniqueConstraint("pool_warnings_unique", ["customer_id", "owner_id", "due_date"])
    .execute();

  // An existing installation gets one company-wide pool with every department as a member and rules off (a new,
  // empty database stays empty so a backup can be restored into it).
  const anyUser = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (anyUser)
    await defaultPool(
      db,
      teams.map((t) => t.id),
      now,
    );
  await db.schema
    .alterTable("api_tokens")
    .addColumn("scope", "text", (c) => c.notNull().defaultTo("write"))
    .execute();
  await db.schema.alterTable("api_tokens").addColumn("expires_at", ms).execute();
  await db.schema.alterTable("audit_log").addColumn("batch_id", "text").execute();
  await db.schema.createIndex("audit_log_batch").on("audit_log").column("batch_id").execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").columns(["at", "id"]).execute();
}

async function defaultPool(db: Kysely<any>, departments: number[], now: number): Promise<void> {
  const { id } = await db
    .insertInto("pools")
    .values({ name: "公司公海", is_default: 1, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const d of departments) await db.insertInto("pool_members").values({ pool_id: id, user_id: null, department_id: d }).execute();
  const admins = await db.selectFrom("users").select("id").where("role", "=", "admin").execute();
  for (const a of admins) await db.insertInto("pool_admins").values({ pool_id: id, user_id: a.id }).execute();
}

export async function down(): Promise<void> {
  throw new Error("070_org is not reversible; restore a backup instead");
}

/**
 * generateDemo: seeded, deterministic, streaming demo and benchmark data — teams and users, customers and
 * contacts, opportunities with stage-event histories, activities, lead-to-cash records, orders, satisfaction,
 * targets and the product catalogue those deals and orders are for — into an empty database (the pipelines come
 * from installDefaults).
 */
import { rebuildAll } from "../readmodels/rebuild";
import { fillPinyin } from "../search/pinyin-store";
import SQLite from "better-sqlite3";
import { CompiledQuery, type Kysely, sql } from "kysely";
import type { Db } from "../db/connect";
import { isPostgres } from "../db/dialect";
import type { Database } from "../db/schema";
import { installDefaults } from "../pipelines/install";
import { hashPassword } from "../users/password";
import { BulkWriter } from "./bulk";
import type { DemoContext, DemoProgress } from "./context";
import { buildCustomers, writeCustomers } from "./customers";
import { writeDeals } from "./deals";
import { loadDemoPipelines } from "./deal-pipelines";
import { writeOrders } from "./orders";
import { organiseDemo } from "./organisation";
import { createPeople, DEMO_PASSWORD } from "./people";
import { writeDemoProducts } from "./products";
import { Rng } from "./random";
import { type DemoScale, SCALES } from "./scale";
import { writeTargets } from "./targets";

export interface DemoOptions {
  scale: DemoScale;
  seed: number;
  /** the generated history ends here (epoch ms) */
  now: number;
  onProgress?: DemoProgress;
  /** the password every demo user gets (default DEMO_PASSWORD, "jindou-demo-2026") */
  password?: string;
  /** org time zone the order roll-up cuts months in (default TZ_ORG or Asia/Shanghai) */
  tz?: string;
}

export interface DemoResult {
  /** rows written per table */
  rows: Record<string, number>;
}

type Table = "customers" | "contacts" | "opportunities" | "quotes" | "contracts";
const EXPLICIT_IDS: Table[] = ["customers", "contacts", "opportunities", "quotes", "contracts"];

/**
 * A second, raw connection to the same SQLite file for the bulk writes: cached prepared statements and a large
 * page cache make them several times faster than going through Kysely. Null for in-memory databases.
 */
async function rawSqlite(conn: Kysely<Database>): Promise<SQLite.Database | null> {
  const list = await sql<{ name: string; file: string }>`pragma database_list`.execute(conn);
  const file = list.rows.find((r) => r.name === "main")?.file;
  if (!file) return null;
  const raw = new SQLite(file);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("busy_timeout = 5000");
  raw.pragma("cache_size = -262144");
  return raw;
}

async function nextId(conn: Kysely<Database>, t: Table): Promise<number> {
  const r = await conn
    .selectFrom(t)
    .select((eb) => eb.fn.max<number>("id").as("m"))
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function generateDemo(db: Db, opts: DemoOptions): Promise<DemoResult> {
  const scale = SCALES[opts.scale];
  const pg = isPostgres(db);
  const progress: DemoProgress = opts.onProgress ?? (() => undefined);
  await installDefaults(db, opts.now);
  const taken = await db.selectFrom("customers").select("id").limit(1).executeTakeFirst();
  if (taken) throw new Error("demo data is generated into an empty database, and this one already has customers");
  // One hash for everyone: scrypt is deliberately slow, and all demo users share the demo password.
  const passwordHash = await hashPassword(opts.password ?? DEMO_PASSWORD);

  return db.connection().execute(async (conn) => {
    progress("people", 0, 1);
    const people = await createPeople(conn, new Rng(opts.seed, 1), {
      seed: opts.seed,
      teams: scale.teams,
      reps: scale.reps,
      now: opts.now,
      passwordHash,
    });
    progress("people", 1, 1);
    const pipelines = await loadDemoPipelines(conn);
    const firstCustomerId = await nextId(conn, "customers");
    const customers = buildCustomers(new Rng(opts.seed, 10), people, scale.customers, opts.now, firstCustomerId, await nextId(conn, "contacts"));
    const raw = pg ? null : await rawSqlite(conn);
    const writer = new BulkWriter(conn, pg, raw);
    const ctx: DemoContext = {
      seed: opts.seed,
      now: opts.now,
      spec: scale,
      writer,
      people,
      customers,
      pipelines,
      progress,
      repIndex: new Map(people.reps.map((r, i) => [r.id, i])),
      wonByRepMonth: new Map(),
      wonOrders: 0,
      firstOpportunityId: await nextId(conn, "opportunities"),
      firstQuoteId: await nextId(conn, "quotes"),
      firstContractId: await nextId(conn, "contracts"),
    };
    try {
      await writeDeals(ctx);
      await writeOrders(ctx);
      await writeCustomers(customers, writer, opts.seed, opts.now, (done) => progress("customers", done, customers.n));
      await writeTargets(ctx);
      await writer.flushAll();
    } catch (e) {
      await writer.abort();
      throw e;
    } finally {
      raw?.close();
    }
    progress("finishing", 0, 1);
    const catalogue = await writeDemoProducts(conn, opts.now);
    await rebuildAll(conn, { tz: opts.tz, now: opts.now });
    await fillPinyin(conn); // the stored pinyin search matches by, so the first search does not compute it for every row
    if (pg) {
      // Rows were written with explicit ids: move the sequences past them.
      for (const t of EXPLICIT_IDS)
        await sql`select setval(pg_get_serial_sequence(${t}, 'id'), (select coalesce(max(id), 1) from ${sql.table(t)}))`.execute(conn);
    }
    await organiseDemo(conn, people, opts.now);
    // The pinyin fill and the organisation rewrote most rows of four tables. On PostgreSQL, vacuum leaves no dead
    // half behind, sets the visibility map (index-only scans stay index-only, as on a database autovacuum has
    // visited) and gives the planner statistics.
    await conn.executeQuery(CompiledQuery.raw(pg ? "vacuum (analyze)" : "pragma optimize"));
    progress("finishing", 1, 1);
    const rows: Record<string, number> = { teams: people.teams.length, users: people.reps.length + people.teams.length + 1 };
    for (const [t, n] of writer.written) rows[t] = n;
    Object.assign(rows, catalogue);
    return { rows };
  });
}

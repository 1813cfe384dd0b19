/**
 * Import throughput: orders (default 100,000 rows) and opportunities (20,000) from CSV through the importer,
 * on SQLite and PostgreSQL, beside a reference run that reads the same CSV and inserts the same rows with the
 * raw driver (better-sqlite3 prepared statement in one transaction / pg multi-row INSERT in one transaction).
 * Not a test: prints rows/s and the ratio importer / reference (the target is ≥ 0.5).
 *
 *   npx tsx bench/import.ts [--orders 100000] [--opportunities 20000] [--engine sqlite|postgres|both]
 */
import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { parse } from "csv-parse";
import pg from "pg";
import { zonedTime } from "../src/core/dates";
import { parseAmountToFen } from "../src/core/money";
import type { Db } from "../src/db/connect";
import type { DbKind } from "../src/db/dialect";
import { createTestDb } from "../src/db/testing";
import { runImport } from "../src/import/engine";
import type { ImportKind } from "../src/import/kinds";
import { rowsFromFile } from "../src/import/source";
import { installDefaults } from "../src/pipelines/install";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const ORDERS = Number(arg("orders", "100000"));
const OPPS = Number(arg("opportunities", "20000"));
const CUSTOMERS = 5000;
const engines: DbKind[] = arg("engine", "both") === "both" ? ["sqlite", "postgres"] : [arg("engine", "sqlite") as DbKind];
const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-15T02:00:00Z");
const dir = mkdtempSync(path.join(tmpdir(), "jindou-bench-import-"));

// ---- generated files (seeded, so every run reads the same bytes) ----
let seed = 42;
const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const day = (i: number) => {
  const d = new Date(Date.UTC(2024, 0, 1) + Math.floor(i) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const STAGES = ["lead", "qualified", "quote", "agreement"];

function files() {
  const customers = ["external_id,name,owner_email,industry,region"];
  for (let i = 1; i <= CUSTOMERS; i++) customers.push(`C${pad(i, 5)},客户${i}有限公司,rep${i % 10}@bench.jindou,制造,华东`);
  const orders = ["external_id,customer_external_id,ordered_at,amount,cost,units,product"];
  for (let i = 1; i <= ORDERS; i++) {
    const amount = Math.round(rnd() * 5_000_000) / 100;
    orders.push(
      `D${i},C${pad(1 + Math.floor(rnd() * CUSTOMERS), 5)},${day(rnd() * 880)},${amount},${(amount * 0.6).toFixed(2)},${1 + Math.floor(rnd() * 5)},产品${i % 20}`,
    );
  }
  const opps = [
    "external_id,title,customer_external_id,owner_email,pipeline,stage,amount,units,product,source,expected_close_date,created_at,status,closed_at,lost_reason,forecast_category",
  ];
  for (let i = 1; i <= OPPS; i++) {
    const created = rnd() * 800;
    const r = rnd();
    const status = r < 0.2 ? "won" : r < 0.4 ? "lost" : "open";
    const stage = STAGES[Math.floor(rnd() * STAGES.length)];
    const closed = status === "open" ? "" : `${day(created + 30)}T15:00`;
    opps.push(
      `O${i},商机${i},C${pad(1 + Math.floor(rnd() * CUSTOMERS), 5)},rep${i % 10}@bench.jindou,crm5,${stage},${Math.round(rnd() * 100)}万,${1 + (i % 4)},A型机,cold_visit,${day(created + 60)},${day(created)}T09:30,${status},${closed},${status === "lost" ? "price" : ""},pipeline`,
    );
  }
  const f = { customers: path.join(dir, "customers.csv"), orders: path.join(dir, "orders.csv"), opportunities: path.join(dir, "opportunities.csv") };
  writeFileSync(f.customers, customers.join("\n"));
  writeFileSync(f.orders, orders.join("\n"));
  writeFileSync(f.opportunities, opps.join("\n"));
  return f;
}

async function seedPeople(db: Db): Promise<number> {
  const admin = await db
    .insertInto("users")
    .values({ email: "admin@bench.jindou", name: "admin", password_hash: "x", role: "admin", team_id: null, locale: "zh-CN", active: 1, created_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("users")
    .values(
      Array.from({ length: 10 }, (_, i) => ({
        email: `rep${i}@bench.jindou`,
        name: `rep${i}`,
        password_hash: "x",
        role: "rep" as const,
        team_id: null,
        locale: "zh-CN",
        active: 1,
        created_at: NOW,
      })),
    )
    .execute();
  await installDefaults(db, NOW);
  return admin.id;
}

async function importFile(db: Db, kind: ImportKind, file: string, admin: number) {
  const src = await rowsFromFile(file);
  const t = performance.now();
  const r = await runImport(db, src.rows, { kind, tz: TZ, now: NOW, actor: { id: admin, role: "admin", teamId: null } });
  const seconds = (performance.now() - t) / 1000;
  if (r.errorCount) throw new Error(`${kind}: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return { rows: r.inserted, seconds };
}

// ---- the reference: same CSV, same rows, the bare driver ----
type Row = Array<string | number | null>;
const dayStart = new Map<string, number>();
const dateMs = (s: string) => {
  const [d, t] = s.split("T");
  let start = dayStart.get(d);
  if (start === undefined) {
    const [y, m, dd] = d.split("-").map(Number);
    start = zonedTime(TZ, y, m, dd);
    dayStart.set(d, start);
  }
  if (!t) return start;
  const [h, mi] = t.split(":").map(Number);
  return start + (h * 60 + mi) * 60_000;
};

async function referenceRows(
  kind: "orders" | "opportunities",
  file: string,
  ids: { customer: Map<string, number>; user: Map<string, number>; stage: Map<string, number> },
) {
  const rows: Row[] = [];
  const events: Row[] = [];
  let header = true;
  for await (const c of createReadStream(file).pipe(parse({ bom: true })) as AsyncIterable<string[]>) {
    if (header) {
      header = false;
      continue;
    }
    if (kind === "orders") {
      rows.push([c[0], ids.customer.get(c[1])!, dateMs(c[2]), parseAmountToFen(c[3]), parseAmountToFen(c[4]), Number(c[5]), c[6], NOW]);
    } else {
      const created = dateMs(c[11]);
      const closed = c[13] ? dateMs(c[13]) : null;
      const end = c[12] === "won" ? ids.stage.get("won")! : c[12] === "lost" ? ids.stage.get("lost")! : ids.stage.get(c[5])!;
      const owner = ids.user.get(c[3])!;
      rows.push([
        c[0],
        ids.stage.get("pipeline")!,
        end,
        ids.customer.get(c[2])!,
        owner,
        c[1],
        parseAmountToFen(c[6]),
        Number(c[7]),
        c[8],
        c[9],
        c[10],
        c[15],
        c[12],
        c[14] || null,
        closed,
        closed ?? created,
        created,
        NOW,
      ]);
      const held = STAGES.indexOf(c[5]);
      const n = rows.length; // opportunity ids are 1..n in a fresh table
      events.push([n, null, ids.stage.get(STAGES[0])!, "create", null, 0, owner, created]);
      for (let i = 1; i <= held; i++) events.push([n, ids.stage.get(STAGES[i - 1])!, ids.stage.get(STAGES[i])!, "advance", null, 0, owner, created]);
      if (closed != null) events.push([n, ids.stage.get(STAGES[held])!, end, c[12], c[14] || null, 0, owner, closed]);
    }
  }
  return { rows, events };
}

const ORDER_COLS = "external_id, customer_id, ordered_at, amount_fen, cost_fen, units, product, created_at";
const OPP_COLS =
  "external_id, pipeline_id, stage_id, customer_id, owner_id, title, amount_fen, units, product, source, expected_close_date, forecast_category, status, lost_reason, closed_at, stage_entered_at, created_at, updated_at";
const EVENT_COLS = "opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at";
const TABLE_COLS: Record<string, string> = { orders: ORDER_COLS, opportunities: OPP_COLS, stage_events: EVENT_COLS };

async function reference(kind: DbKind, location: string, table: "orders" | "opportunities", file: string, ids: Parameters<typeof referenceRows>[2]) {
  const t = performance.now();
  const { rows, events } = await referenceRows(table, file, ids);
  const parsed = performance.now();
  const writes: Array<[string, Row[]]> = [[table, rows], ...(events.length ? [["stage_events", events] as [string, Row[]]] : [])];
  if (kind === "sqlite") {
    const db = new SQLite(location);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.transaction(() => {
      for (const [name, list] of writes) {
        const cols = TABLE_COLS[name];
        const stmt = db.prepare(
          `insert into ${name} (${cols}) values (${cols
            .split(",")
            .map(() => "?")
            .join(",")})`,
        );
        for (const r of list) stmt.run(...r);
      }
    })();
    db.close();
  } else {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    await client.query("begin");
    for (const [name, list] of writes) {
      const cols = TABLE_COLS[name].split(",").length;
      for (let i = 0; i < list.length; i += 1000) {
        const part = list.slice(i, i + 1000);
        const values = part.map((_, r) => `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(",")})`).join(",");
        await client.query(`insert into ${name} (${TABLE_COLS[name]}) values ${values}`, part.flat());
      }
    }
    await client.query("commit");
    await client.end();
  }
  const end = performance.now();
  return { rows: rows.length, seconds: (end - t) / 1000, insertSeconds: (end - parsed) / 1000 };
}

async function lookups(db: Db) {
  const customer = new Map((await db.selectFrom("customers").select(["id", "external_id"]).execute()).map((c) => [c.external_id!, c.id]));
  const user = new Map((await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email, u.id]));
  const p = await db.selectFrom("pipelines").select("id").where("key", "=", "crm5").executeTakeFirstOrThrow();
  const stage = new Map((await db.selectFrom("stages").select(["id", "key"]).where("pipeline_id", "=", p.id).execute()).map((s) => [s.key, s.id]));
  stage.set("pipeline", p.id);
  return { customer, user, stage };
}

async function main() {
  const f = files();
  const results: string[] = [];
  for (const kind of engines) {
    let h;
    try {
      h = await createTestDb(kind);
    } catch (e) {
      console.warn(`${kind}: skipped (${(e as Error).message})`);
      continue;
    }
    try {
      const admin = await seedPeople(h.db);
      await importFile(h.db, "customers", f.customers, admin);
      const ids = await lookups(h.db);
      for (const table of ["orders", "opportunities"] as const) {
        const ref = await reference(kind, h.location, table, f[table], ids);
        await h.db.deleteFrom(table).execute();
        await h.db.deleteFrom("stage_events").execute();
        const imp = await importFile(h.db, table, f[table], admin);
        const rate = (n: number, s: number) => Math.round(n / s);
        results.push(
          `| ${kind} | ${table} | ${imp.rows.toLocaleString("en-US")} | ${rate(imp.rows, imp.seconds).toLocaleString("en-US")} | ${rate(ref.rows, ref.seconds).toLocaleString("en-US")} | ${(ref.seconds / imp.seconds).toFixed(2)} | ${rate(ref.rows, ref.insertSeconds).toLocaleString("en-US")} |`,
        );
        console.log(results.at(-1));
      }
    } finally {
      await h.drop();
    }
  }
  console.log("\n| engine | kind | rows | importer rows/s | reference rows/s (CSV + raw driver) | ratio | raw insert only rows/s |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) console.log(r);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Tiering and value reports on a large generated order book, on SQLite and PostgreSQL, beside a raw-SQL reference
 * (the per-customer GROUP BY over orders through the bare driver). Prints medians and the ratios; also times the
 * BG/NBD + Gamma-Gamma fit alone.
 *
 *   npx tsx bench/tiering.ts [--engine sqlite|postgres|both] [--customers 20000] [--orders-per 10] [--runs 3] [--fit-only]
 *
 * --fit-only skips the reference and the reports and times only the fit (median of --runs, after one untimed run).
 */
import SQLite from "better-sqlite3";
import pg from "pg";
import { DAY_MS } from "../src/core/dates";
import type { DbHandle } from "../src/db/connect";
import type { DbKind } from "../src/db/dialect";
import { createTestDb } from "../src/db/testing";
import { Rng } from "../src/demo/random";
import type { Viewer } from "../src/access/viewer";
import * as tiering from "../src/tiering/reports";
import { resolveWindow } from "../src/tiering/window";
import { fitBgNbd } from "../src/value/bgnbd";
import { fitGammaGamma } from "../src/value/gamma-gamma";
import { groupRecency } from "../src/value/histories";
import { clvReport, retentionReport } from "../src/value/reports";
import { purchaseHistories, zoneOffsetMs } from "../src/value/store";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const CUSTOMERS = Number(arg("customers", "20000"));
const ORDERS_PER = Number(arg("orders-per", "10"));
const RUNS = Number(arg("runs", "3"));
const FIT_ONLY = process.argv.includes("--fit-only");
const engines: DbKind[] = arg("engine", "both") === "both" ? ["sqlite", "postgres"] : [arg("engine", "sqlite") as DbKind];
const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-15T02:00:00Z");
const ADMIN: Viewer = { id: 1, role: "admin", teamId: null, name: "bench", email: "bench@jindou", locale: "zh-CN" };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/** Customers buy as a Poisson process over two years with a gamma-spread rate and a random drop-out, as BG/NBD assumes. */
function* orders(rng: Rng): Generator<[number, number, number, number]> {
  const start = NOW - 730 * DAY_MS;
  for (let c = 1; c <= CUSTOMERS; c++) {
    const first = start + rng.next() * 700 * DAY_MS;
    const rate = (ORDERS_PER / 730) * -Math.log(1 - rng.next()) * 1.0; // exponential spread around the mean rate
    const pDrop = 0.02 + 0.08 * rng.next();
    const size = rng.logNormal(50_000_00, 0.8);
    let t = first;
    for (;;) {
      const amount = Math.round(size * rng.logNormal(1, 0.3));
      yield [c, Math.round(t), amount, Math.round(amount * (0.5 + 0.3 * rng.next()))];
      if (rng.next() < pDrop) break;
      t += (-Math.log(1 - rng.next()) / Math.max(rate, 1e-6)) * DAY_MS;
      if (t >= NOW) break;
    }
  }
}

async function fill(h: DbHandle): Promise<number> {
  const rng = new Rng(20260615);
  await h.db
    .insertInto("users")
    .values({ email: "bench@jindou", name: "bench", password_hash: "x", role: "admin", team_id: null, locale: "zh-CN", active: 1, created_at: NOW })
    .execute();
  const pipe = await h.db
    .insertInto("pipelines")
    .values({
      key: "bench",
      name_zh: "基准",
      name_en: "Bench",
      kind: "deal",
      skip_rule: "warn",
      checklist_rule: "warn",
      template: null,
      archived: 0,
      created_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const stage = await h.db
    .insertInto("stages")
    .values({
      pipeline_id: pipe.id,
      position: 1,
      key: "s1",
      name_zh: "报价",
      name_en: "Quote",
      probability: 50,
      kind: "open",
      definition_zh: null,
      definition_en: null,
      stall_days: null,
      owner_role: null,
      target_conversion: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  let n = 0;
  const bands = ["large", "medium", "small", null];
  const custRows = Array.from({ length: CUSTOMERS }, (_, i) => [
    i + 1,
    `客户${i + 1}`,
    1,
    bands[i % 4],
    ["A", "B", "C"][i % 3],
    ["高", "中", "低"][i % 3],
    NOW - 800 * DAY_MS,
  ]);
  const oppRows = custRows
    .filter((_, i) => i % 3 === 0)
    .map(([id]) => [pipe.id, stage.id, id, 1, `机会${id}`, 1_000_000 + Number(id) * 37, "2026-09-30", NOW, NOW]);
  if (h.kind === "sqlite") {
    const s = new SQLite(h.location);
    s.transaction(() => {
      const ic = s.prepare(
        "insert into customers (id, name, name_norm, owner_id, size_band, credit_rating, prospect_rating, tags, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)",
      );
      for (const r of custRows) ic.run(r[0], r[1], r[1], r[2], r[3], r[4], r[5], r[6], r[6]);
      const io = s.prepare("insert into orders (customer_id, ordered_at, amount_fen, cost_fen, units, created_at) values (?, ?, ?, ?, 1, ?)");
      for (const o of orders(rng)) {
        io.run(o[0], o[1], o[2], o[3], NOW);
        n++;
      }
      const ip = s.prepare(
        "insert into opportunities (pipeline_id, stage_id, customer_id, owner_id, title, amount_fen, units, expected_close_date, forecast_category, status, stage_entered_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 1, ?, 'pipeline', 'open', ?, ?, ?)",
      );
      for (const r of oppRows) ip.run(...r, NOW);
    })();
    s.close();
  } else {
    const c = new pg.Client({ connectionString: h.location });
    await c.connect();
    const batch = async (sqlHead: string, rows: unknown[][], width: number) => {
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = rows.slice(i, i + 2000);
        const vals = chunk.map((_, j) => `(${Array.from({ length: width }, (_, k) => `$${j * width + k + 1}`).join(",")})`).join(",");
        await c.query(`${sqlHead} values ${vals}`, chunk.flat());
      }
    };
    await batch(
      "insert into customers (id, name, name_norm, owner_id, size_band, credit_rating, prospect_rating, created_at, updated_at, tags)",
      custRows.map((r) => [r[0], r[1], r[1], r[2], r[3], r[4], r[5], r[6], r[6], "[]"]),
      10,
    );
    await c.query("select setval(pg_get_serial_sequence('customers', 'id'), (select max(id) from customers))");
    let buf: unknown[][] = [];
    for (const o of orders(rng)) {
      buf.push([o[0], o[1], o[2], o[3], 1, NOW]);
      n++;
      if (buf.length === 5000) {
        await batch("insert into orders (customer_id, ordered_at, amount_fen, cost_fen, units, created_at)", buf, 6);
        buf = [];
      }
    }
    if (buf.length) await batch("insert into orders (customer_id, ordered_at, amount_fen, cost_fen, units, created_at)", buf, 6);
    await batch(
      "insert into opportunities (pipeline_id, stage_id, customer_id, owner_id, title, amount_fen, expected_close_date, stage_entered_at, created_at, updated_at, units, forecast_category, status)",
      oppRows.map((r) => [...r, NOW, 1, "pipeline", "open"]),
      13,
    );
    await c.query("analyze");
    await c.end();
  }
  return n;
}

/** The reference: the per-customer aggregate every tiering report starts from, through the bare driver. */
async function reference(h: DbHandle, from: number, to: number): Promise<() => Promise<unknown>> {
  const q =
    "select customer_id, sum(amount_fen), sum(cost_fen), count(*), max(ordered_at) from orders where ordered_at >= $1 and ordered_at < $2 group by customer_id";
  if (h.kind === "sqlite") {
    const s = new SQLite(h.location, { readonly: true });
    const st = s.prepare(q.replace("$1", "?").replace("$2", "?"));
    return async () => st.all(from, to);
  }
  const p = new pg.Pool({ connectionString: h.location, max: 2 });
  return async () => (await p.query(q, [from, to])).rows;
}

async function main() {
  for (const kind of engines) {
    let h: (DbHandle & { drop(): Promise<void> }) | undefined;
    try {
      h = await createTestDb(kind);
    } catch (e) {
      console.log(`${kind}: skipped (${(e as Error).message})`);
      continue;
    }
    try {
      const t0 = performance.now();
      const n = await fill(h);
      console.log(
        `\n${kind}: ${CUSTOMERS.toLocaleString()} customers, ${n.toLocaleString()} orders generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const settings = await tiering.loadSettings(h.db);
      const w = resolveWindow({}, NOW, TZ, settings.windowMonths);
      const input = { db: h.db, scope: { viewer: ADMIN, filters: {} }, settings, w, limit: 200 };
      const ref = FIT_ONLY ? 0 : await time(await reference(h, w.window.from, w.window.to));
      const rows: Array<[string, number]> = [];
      if (!FIT_ONLY)
        for (const [name, fn] of [
          ["pareto", () => tiering.paretoReport(input)],
          ["pyramid", () => tiering.pyramidReport(input)],
          ["grades", () => tiering.gradesReport(input)],
          ["rfm", () => tiering.rfmReport(input)],
          ["kaism", () => tiering.kaismReport(input)],
          ["key-accounts", () => tiering.keyAccountsReport(input)],
          ["priority", () => tiering.priorityReport(input)],
          ["retention", () => retentionReport({ ...input, tz: TZ })],
          ["clv", () => clvReport({ ...input, tz: TZ })],
        ] as Array<[string, () => Promise<unknown>]>)
          rows.push([name, await time(fn)]);
      // The fit alone, on histories already aggregated by SQL.
      const off = zoneOffsetMs(TZ, w.window.to);
      const hs = (await purchaseHistories(h.db, input.scope, w.window.to, off)).map((r) => ({
        x: r.days - 1,
        tx: (r.last_day - r.first_day) / 7,
        T: (Math.floor((w.window.to - 1 + off) / DAY_MS) - r.first_day) / 7,
        m: r.days > 1 ? (r.total - r.first_amount) / (r.days - 1) : 0,
      }));
      const fits: number[] = [];
      let bg!: ReturnType<typeof fitBgNbd>, gg!: ReturnType<typeof fitGammaGamma>;
      for (let i = 0; i < (FIT_ONLY ? RUNS + 1 : 1); i++) {
        const tf = performance.now();
        bg = fitBgNbd(hs);
        gg = fitGammaGamma(hs);
        fits.push(performance.now() - tf);
      }
      const fit = FIT_ONLY ? median(fits.slice(1)) : fits[0];
      if (!FIT_ONLY) {
        console.log(`reference (raw per-customer GROUP BY over the window's orders): ${ref.toFixed(1)} ms`);
        console.log("report".padEnd(14) + "median ms".padStart(12) + "ratio".padStart(10));
        for (const [name, ms] of rows) console.log(name.padEnd(14) + ms.toFixed(1).padStart(12) + (ms / ref).toFixed(1).padStart(9) + "×");
      }
      const distinct = groupRecency(hs).length;
      console.log(
        `BG/NBD + Gamma-Gamma fit alone on ${hs.length.toLocaleString()} histories: ${fit.toFixed(0)} ms ` +
          (FIT_ONLY ? `(median of ${RUNS}; first run ${fits[0].toFixed(0)} ms) ` : "") +
          `(${distinct.toLocaleString()} distinct (x, t_x, T); ` +
          `${bg.iterations} + ${gg.iterations} iterations; LL ${bg.logLikelihood.toFixed(3)} / ${gg.logLikelihood.toFixed(3)}) ` +
          `(r=${bg.params.r.toPrecision(6)} α=${bg.params.alpha.toPrecision(6)} a=${bg.params.a.toPrecision(6)} b=${bg.params.b.toPrecision(6)}; ` +
          `p=${gg.params.p.toPrecision(6)} q=${gg.params.q.toPrecision(6)} γ=${gg.params.gamma.toPrecision(6)})`,
      );
    } finally {
      await h.drop();
    }
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

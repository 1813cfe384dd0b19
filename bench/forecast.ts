/**
 * Forecast and Friday-view latency on demo data, on SQLite and PostgreSQL, beside a raw-SQL reference that runs
 * the same aggregate queries through the bare driver (no Kysely, no roll-up). Prints medians and the ratios.
 *
 *   npx tsx bench/forecast.ts [--engine sqlite|postgres|both] [--scale enterprise|team|tiny] [--runs 7]
 *                             [--sqlite FILE] [--pg URL]    (reuse a database already filled by `jindou demo`)
 */
import SQLite from "better-sqlite3";
import pg from "pg";
import { localDate, periodOf } from "../src/core/dates";
import { openDb, type DbHandle } from "../src/db/connect";
import { createTestDb } from "../src/db/testing";
import type { DbKind } from "../src/db/dialect";
import { migrate } from "../src/db/migrate";
import { generateDemo } from "../src/demo/generate";
import type { DemoScale } from "../src/demo/scale";
import { forecastReport, fridayView } from "../src/forecast/reports";
import { SYSTEM_VIEWER, takeSnapshot } from "../src/forecast/store";

const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const RUNS = Number(arg("runs", "7"));
const SCALE = arg("scale", "enterprise") as DemoScale;
const engines: DbKind[] = arg("engine", "both") === "both" ? ["sqlite", "postgres"] : [arg("engine") as DbKind];
const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-19T09:00:00+08:00"); // a Friday

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/** The queries the two reports issue, as plain SQL with positional parameters. */
function referenceQueries(now: number) {
  const q = periodOf("quarter", now, TZ);
  const from = localDate(q.start, TZ),
    to = localDate(q.end, TZ);
  const since = now - 7 * 86_400_000;
  const forecast: Array<[string, unknown[]]> = [
    [
      `select o.owner_id, o.forecast_category, count(*), sum(o.amount_fen), sum(o.amount_fen * coalesce(o.probability_override, s.probability))
      from opportunities o join stages s on s.id = o.stage_id where o.status = 'open' and o.expected_close_date >= ? and o.expected_close_date < ?
      group by o.owner_id, o.forecast_category`,
      [from, to],
    ],
    [
      `select owner_id, count(*), sum(amount_fen) from opportunities where status = 'won' and closed_at >= ? and closed_at < ? group by owner_id`,
      [q.start, q.end],
    ],
    [`select id, team_id, name from users where active = 1 and role in ('rep', 'manager')`, []],
  ];
  const friday: Array<[string, unknown[]]> = [
    ...forecast,
    [`select * from forecast_snapshots where period = ? and week < ? order by taken_at`, [q.key, periodOf("week", now, TZ).key]],
    [
      `select o.id, o.amount_fen, s.probability,
        (select e.from_stage_id from stage_events e where e.opportunity_id = o.id and e.at >= ? order by e.at, e.id limit 1)
      from opportunities o join stages s on s.id = o.stage_id
      where o.id in (select opportunity_id from stage_events where at >= ? and at <= ?)
        and ((o.expected_close_date >= ? and o.expected_close_date < ?) or (o.closed_at >= ? and o.closed_at < ?))`,
      [since, since, now, from, to, q.start, q.end],
    ],
    [
      `select o.id, o.amount_fen, o.expected_close_date, o.stage_entered_at, s.stall_days, (select max(a.done_at) from activities a where a.opportunity_id = o.id)
      from opportunities o join stages s on s.id = o.stage_id where o.status = 'open' and o.forecast_category = 'commit' and o.expected_close_date >= ? and o.expected_close_date < ?`,
      [from, to],
    ],
  ];
  return { forecast, friday };
}

/** Times the queries through the bare driver, then closes its connection. */
async function reference(h: DbHandle, queries: Array<[string, unknown[]]>): Promise<number> {
  if (h.kind === "sqlite") {
    const db = new SQLite(h.location, { readonly: true });
    const stmts = queries.map(([s, p]) => [db.prepare(s), p] as const);
    try {
      return await time(async () => stmts.map(([st, p]) => st.all(...(p as never[]))));
    } finally {
      db.close();
    }
  }
  const pool = new pg.Pool({ connectionString: h.location, max: 10 });
  const pgSql = queries.map(([s, p]) => {
    let n = 0;
    return [s.replace(/\?/g, () => `$${++n}`), p] as const;
  });
  try {
    return await time(() => Promise.all(pgSql.map(([s, p]) => pool.query(s, p as unknown[]))));
  } finally {
    await pool.end();
  }
}

async function prepare(kind: DbKind): Promise<{ h: DbHandle; drop: () => Promise<void> }> {
  const reuse = kind === "sqlite" ? arg("sqlite") : arg("pg");
  if (reuse) {
    const h = openDb(reuse);
    await migrate(h.db);
    return { h, drop: () => h.close() };
  }
  const h = await createTestDb(kind);
  const t = performance.now();
  const { rows } = await generateDemo(h.db, { scale: SCALE, seed: 1, now: NOW });
  console.log(
    `  ${kind}: generated ${Object.values(rows)
      .reduce((a, b) => a + b, 0)
      .toLocaleString("en-US")} rows (${SCALE}) in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );
  return { h, drop: h.drop };
}

for (const kind of engines) {
  const { h, drop } = await prepare(kind);
  try {
    const opps = await h.db
      .selectFrom("opportunities")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    // two weekly snapshots so the Friday view has something to compare with
    await takeSnapshot(h.db, NOW - 8 * 86_400_000, TZ);
    await takeSnapshot(h.db, NOW - 1 * 86_400_000, TZ);
    const q = periodOf("quarter", NOW, TZ);
    const refs = referenceQueries(NOW);
    const results = [
      ["forecast (quarter, company)", await time(() => forecastReport(h.db, SYSTEM_VIEWER, q, TZ, {})), await reference(h, refs.forecast)],
      ["Friday view", await time(() => fridayView(h.db, SYSTEM_VIEWER, q, NOW, TZ)), await reference(h, refs.friday)],
    ] as const;
    console.log(`\n${kind}, ${Number(opps.n).toLocaleString("en-US")} opportunities, median of ${RUNS} runs:`);
    for (const [name, ours, ref] of results)
      console.log(`  ${name.padEnd(28)} ${ours.toFixed(1).padStart(9)} ms   raw SQL ${ref.toFixed(1).padStart(9)} ms   ratio ${(ours / ref).toFixed(2)}`);
  } finally {
    await drop();
  }
}
process.exit(0);

/**
 * The Friday view's moved in / moved out / slipped, old against new in one run on one PostgreSQL database: the audit-log
 * scan it held before (src/readmodels/oracle/period-moves.ts) and the close_date_changes read model
 * (src/forecast/period-moves-store.ts), for the admin and the rep with the median number of deals, beside the
 * hand-written SQL of the same work over the read model. The demo data writes no audit rows, so `--changes N` first
 * re-dates N random open deals through audit rows spread over the last two weeks and rebuilds the model (on a copy
 * of the benchmark database only: it writes).
 *
 *   npx tsx bench/friday-moves.ts --pg postgres://postgres@127.0.0.1:5432/jindou_ent_<name> [--changes 50000] [--now 2026-06-30]
 */
import pg from "pg";
import type { Viewer } from "../src/access/viewer";
import { DAY_MS, localDate, periodOf } from "../src/core/dates";
import { openDb } from "../src/db/connect";
import { migrate } from "../src/db/migrate";
import { periodMoveLists } from "../src/forecast/period-moves-store";
import { loadViewer } from "../src/http/auth";
import { rebuild } from "../src/readmodels/rebuild";
import * as oracle from "../src/readmodels/oracle/period-moves";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const url = arg("pg") ?? "";
if (!/jindou_ent_|jindou_team_/.test(url)) throw new Error("--pg must name a copy (jindou_ent_<name>): the benchmark writes audit rows");
const TZ = "Asia/Shanghai";
const NOW = Date.parse(`${arg("now") ?? "2026-06-30"}T12:00:00+08:00`);
const CHANGES = Number(arg("changes") ?? 50_000);

const raw = new pg.Pool({ connectionString: url, max: 2 });
const handle = openDb(url);
const db = handle.db;
await migrate(db); // the copy gets migration 290 (close_date_changes)
const q = periodOf("quarter", NOW, TZ);
const w = { since: NOW - 7 * DAY_MS, now: NOW, from: localDate(q.start, TZ), to: localDate(q.end, TZ) };

const have = Number((await raw.query("select count(*) as n from audit_log where entity = 'opportunity' and action = 'update'")).rows[0].n);
if (have < CHANGES) {
  // random open deals re-dated once (a fifth of them twice) into, out of and within the quarter, over two weeks
  await raw.query(
    `insert into audit_log (actor_id, entity, entity_id, action, diff, at)
     select null, 'opportunity', o.id, 'update',
       json_build_object('expected_close_date', json_build_array(o.expected_close_date, to_char(date '2026-05-01' + (o.id % 150)::int, 'YYYY-MM-DD')))::text,
       $1::bigint - (o.id * 7919 % 1209600000)
     from (select id, expected_close_date from opportunities where status = 'open' order by md5(id::text) limit $2) o`,
    [NOW, CHANGES - have],
  );
  await raw.query(
    `insert into audit_log (actor_id, entity, entity_id, action, diff, at)
     select null, 'opportunity', a.entity_id, 'update', json_build_object('expected_close_date', json_build_array('2026-06-15', '2026-07-20'))::text, a.at + 3600000
     from audit_log a where a.entity = 'opportunity' and a.action = 'update' and a.entity_id % 5 = 0`,
  );
  const t = performance.now();
  const rows = await db.transaction().execute((tx) => rebuild(tx, "closes", { tz: TZ, now: NOW }));
  console.log(`seeded close-date audit rows; jindou rebuild closes: ${rows} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
await raw.query("analyze audit_log");
await raw.query("analyze close_date_changes");

const reps = await raw.query(
  `select o.owner_id as id, count(*) as n from opportunities o join users u on u.id = o.owner_id where u.role = 'rep' group by 1 order by 2, 1`,
);
const repId = Number(reps.rows[Math.floor(reps.rows.length / 2)].id);
const adminId = Number((await raw.query("select id from users where role = 'admin' order by id limit 1")).rows[0].id);
const viewers: Array<[string, Viewer]> = [
  ["admin", (await loadViewer(db, adminId)) as Viewer],
  ["rep", (await loadViewer(db, repId)) as Viewer],
];
const refSql = (owner: number | null) =>
  `select opportunity_id, changed_at, audit_id, before_date, after_date from close_date_changes where ${owner == null ? "" : `owner_id = ${owner} and `}changed_at >= ${w.since} and changed_at <= ${w.now}`;

const best = async (f: () => Promise<unknown>) => {
  let b = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await f();
    b = Math.min(b, performance.now() - t);
  }
  return b;
};
console.log("| viewer | audit scan (before) ms | read model (after) ms | reference SQL ms | after ÷ ref | same answer |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
for (const [name, v] of viewers) {
  const same = JSON.stringify(await periodMoveLists(db, v, w)) === JSON.stringify(await oracle.periodMoveLists(db, v, w));
  const before = await best(() => oracle.periodMoveLists(db, v, w));
  const after = await best(() => periodMoveLists(db, v, w));
  const ref = await best(async () => {
    await raw.query(refSql(name === "admin" ? null : repId));
    await raw.query(
      `select id from opportunities where created_at >= ${w.since} and created_at <= ${w.now} and expected_close_date >= '${w.from}' and expected_close_date < '${w.to}'${name === "admin" ? "" : ` and owner_id = ${repId}`}`,
    );
    await raw.query(
      `select id from opportunities where status = 'lost' and closed_at >= ${w.since} and closed_at <= ${w.now}${name === "admin" ? "" : ` and owner_id = ${repId}`}`,
    );
  });
  console.log(`| ${name} | ${before.toFixed(0)} | ${after.toFixed(0)} | ${ref.toFixed(0)} | ${(after / ref).toFixed(2)} | ${same} |`);
}
await raw.end();
await handle.close();

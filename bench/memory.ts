/**
 * Server memory over the whole-base reports (issue 10, "server RSS < 1 GiB"): starts the compiled server as a child
 * process (bench/server-process.ts) — this checkout's dist/ and, with `--old <dir>`, another checkout's dist/ (an
 * older commit built apart) on the same database in the same run, one after the other — and for the reports chosen
 * records the server's VmRSS after each call and the peak between calls (sampled every 100 ms):
 *   1. each report once (first call: the whole base's per-customer aggregates and the CLV fit are computed);
 *   2. each again after one audit row (data stamp moves, order stamp does not);
 *   3. `--orders N` times: one NEW ORDER imported through the API (POST /import/orders?wait=1, so the order roll-up
 *      moves in its transaction), then clv — which refits and rescores the whole base — with `GET /health` probed
 *      every 100 ms during it, then the other reports; RSS after each round shows whether stale per-stamp
 *      aggregates are released.
 *
 *   npm run build && npx tsx bench/memory.ts --pg postgres://postgres@127.0.0.1:5432/jindou_bench_ent \
 *     [--old /tmp/old-checkout] [--only clv,kaism,grades,rfm,retention] [--orders 3] [--now 2026-06-30]
 *
 * Writes to the database: bearer tokens, audit rows and the imported orders (use a copy of a shared database).
 */
import pg from "pg";
import { openDb } from "../src/db/connect";
import { createApiToken } from "../src/http/auth";
import { ensureBuilt, procStatus, type ServerProcess, startServer } from "./server-process";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DATE = arg("now") ?? "2026-06-30";
const NOW = Date.parse(`${DATE}T12:00:00+08:00`);
const ONLY = (arg("only") ?? "clv,kaism,grades,rfm,retention").split(",");
const ORDERS = Number(arg("orders") ?? 3);
/** `--server-env K=V,K2=V2`: extra environment of the servers (e.g. WORKER_HEAP_MB=768; an old build ignores what it does not read). */
const SERVER_ENV = Object.fromEntries(
  (arg("server-env") ?? "")
    .split(",")
    .filter(Boolean)
    .map((kv) => kv.split("=", 2) as [string, string]),
);
/** The whole-base reports (as in bench/reports-http.ts, which runs when imported). */
const REPORTS = [
  { name: "pareto", path: "/reports/pareto" },
  { name: "pyramid", path: "/reports/pyramid" },
  { name: "grades", path: "/reports/grades" },
  { name: "rfm", path: "/reports/rfm" },
  { name: "kaism", path: "/reports/kaism" },
  { name: "key accounts", path: "/reports/key-accounts" },
  { name: "priority", path: "/reports/priority" },
  { name: "retention", path: "/reports/retention" },
  { name: "clv", path: "/reports/clv" },
];
const mib = (b: number) => Math.round(b / 2 ** 20);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;

interface Step {
  step: string;
  ms: number;
  rss: number;
  peak: number;
  note?: string;
}

async function run(url: string, label: string, root?: string): Promise<Step[]> {
  const server: ServerProcess = await startServer(url, { now: new Date(NOW).toISOString(), label, root, env: SERVER_ENV });
  const handle = openDb(url);
  const admin = await handle.db.selectFrom("users").select("id").where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
  const token = await createApiToken(handle.db, admin.id, "bench-memory", NOW);
  // the customer the new orders go to: by external id when customers have one, else by a name no other customer has
  const byId = await handle.db.selectFrom("customers").select("external_id").where("external_id", "is not", null).orderBy("id").executeTakeFirst();
  const byName = byId
    ? null
    : await handle.db
        .selectFrom("customers")
        .select("name")
        .groupBy("name")
        .having((eb) => eb.fn.countAll(), "=", 1)
        .orderBy("name")
        .executeTakeFirstOrThrow();
  const ref = byId ? { column: "customer_external_id", value: byId.external_id } : { column: "customer_name", value: byName?.name };
  await handle.close();
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const auth = { authorization: `Bearer ${token}` };
  const steps: Step[] = [];
  const reports = REPORTS.filter((r) => ONLY.some((o) => r.name === o));
  const record = (step: string, ms: number, note?: string) => {
    const { peakRss } = server.memory();
    const now = procStatus(server.pid)?.rss ?? 0;
    steps.push({ step, ms, rss: now, peak: peakRss, note });
    console.error(`[${label}] ${step}: ${Math.round(ms)} ms, RSS ${mib(now)} MiB, peak since last ${mib(peakRss)} MiB${note ? `, ${note}` : ""}`);
    server.resetPeak();
  };
  const get = async (path: string) => {
    const t = performance.now();
    const r = await fetch(server.api + path, { headers: auth });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${text.slice(0, 200)}`);
    return performance.now() - t;
  };
  try {
    record("started", 0);
    for (const r of reports) record(`${r.name} (first)`, await get(r.path));
    for (const r of reports) {
      await raw.query("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values (null, 'bench', 0, 'bench', '{}', $1)", [Date.now()]);
      record(`${r.name} (after an audit row)`, await get(r.path));
    }
    for (let k = 1; k <= ORDERS; k++) {
      const t = performance.now();
      const csv = `${ref.column},ordered_at,amount\n"${ref.value}",${DATE},${(Date.now() % 1_000_000) + k}`;
      const r = await fetch(`${server.api}/import/orders?wait=1`, { method: "POST", headers: { ...auth, "content-type": "text/csv" }, body: csv });
      const body = (await r.json()) as { status?: string; inserted?: number };
      if (body.status !== "done" || body.inserted !== 1) throw new Error(`order import: ${JSON.stringify(body)}`);
      record(`new order ${k}`, performance.now() - t);
      const probes: number[] = [];
      let done = false;
      const probe = (async () => {
        while (!done) {
          const p = performance.now();
          await (await fetch(`${server.api}/health`)).arrayBuffer();
          probes.push(performance.now() - p);
          await new Promise((res) => setTimeout(res, 100));
        }
      })();
      const clv = reports.find((x) => x.name === "clv");
      await server.mark();
      const ms = clv ? await get(clv.path) : 0;
      const loop = (await server.mark()).span;
      done = true;
      await probe;
      record(
        `clv after new order ${k}`,
        ms,
        `GET /health ${probes.length} probes, p50 ${Math.round(pct(probes, 50))} ms, p99 ${Math.round(pct(probes, 99))} ms, max ${Math.round(Math.max(...probes))} ms, ${probes.filter((p) => p >= 1000).length} ≥ 1 s; event-loop delay p99 ${loop.p99} ms, max ${loop.max} ms`,
      );
      for (const x of reports) if (x !== clv) record(`${x.name} after new order ${k}`, await get(x.path));
    }
    const m = server.memory();
    steps.push({ step: "VmHWM (life)", ms: 0, rss: m.hwm, peak: m.hwm });
  } finally {
    await raw.end();
    await server.stop();
  }
  return steps;
}

async function main() {
  const url = arg("pg");
  if (!url) throw new Error("--pg <postgres url> is required (a copy: the benchmark imports orders)");
  ensureBuilt();
  const old = arg("old");
  const before = old ? await run(url, "old", old) : null;
  const after = await run(url, "new");
  const rows = after.map((s, i) => {
    const b = before?.[i];
    const cells = [
      s.step,
      b ? `${mib(b.peak)} / ${mib(b.rss)}` : "—",
      `${mib(s.peak)} / ${mib(s.rss)}`,
      b ? `${Math.round(b.ms)}` : "—",
      `${Math.round(s.ms)}`,
    ];
    return `| ${cells.join(" | ")} | ${[b?.note, s.note].filter(Boolean).join(" → ") || ""} |`;
  });
  console.log("| step | before peak / after-call RSS MiB | after peak / after-call RSS MiB | before ms | after ms | note |");
  console.log("| --- | ---: | ---: | ---: | ---: | --- |");
  for (const r of rows) console.log(r);
  const peak = (ss: Step[]) => Math.max(...ss.map((s) => s.peak));
  if (before) console.log(`\npeak RSS: before ${mib(peak(before))} MiB, after ${mib(peak(after))} MiB`);
  else console.log(`\npeak RSS: ${mib(peak(after))} MiB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * The output of bench/reports-http.ts: the markdown table for docs/benchmarks.md and issue 10's aims, each computed
 * from the figures of the run as met or not met, with the reports that miss it.
 */
import type { LoopStats } from "../src/bench/hooks";
import type { ListRow } from "./reports-lists";

export interface Row {
  name: string;
  path: string;
  cold: number;
  /** admin cold after a deal or activity write (the fact models' stamps moved); absent in older result files */
  factCold?: number;
  ref: number | null;
  warm: number;
  rep: number;
  manager: number;
  team: number | null;
  loopP99: number;
  loopMax: number;
  /** the server's peak RSS over the report's calls, its RSS after them (bytes) and its main thread's heap then (MiB) */
  peakRss?: number;
  rssAfter?: number;
  heapUsed?: number | null;
}
type Mem = { peakRss: number; hwm: number; threads: number };
export interface Result {
  date: string;
  repShare: number;
  managerShare: number;
  rows: Row[];
  lists: ListRow[];
  run: LoopStats;
  health: { report: string; times: number[] } | null;
  mem: Mem;
  teamMem: Mem | null;
}

/** The tiering and value reports (issue 10: "< 3 s cold on 10 M orders"). */
const TIERING_VALUE = /^\/reports\/(pareto|pyramid|grades|rfm|kaism|key-accounts|priority|signed-customers|retention|clv)\b/;
const GiB = 2 ** 30;

const ms = (x: number | null) => (x == null ? "—" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)}`);
const ratio = (a: number, b: number | null) => (b == null || b <= 0 ? null : a / b);
const fx = (x: number | null, d = 2) => (x == null ? "—" : x.toFixed(d));
const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;

export function printTable(r: Result): void {
  console.log(`\nnow ${r.date}; rep owns ${(r.repShare * 100).toFixed(2)} % of the opportunities, the manager's team ${(r.managerShare * 100).toFixed(1)} %\n`);
  console.log(
    "| report | admin cold ms | cold after a deal / activity write ms | ref ms | ratio | admin warm ms | rep cold ms | team-scope cold ms | team-scale cold ms | ent ÷ team | rep ÷ team-scale | loop p99 / max ms |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const x of r.rows)
    console.log(
      `| ${x.name} | ${ms(x.cold)} | ${ms(x.factCold ?? null)} | ${ms(x.ref)} | ${fx(ratio(x.cold, x.ref))} | ${ms(x.warm)} | ${ms(x.rep)} | ${ms(x.manager)} | ${ms(x.team)} | ${fx(ratio(x.cold, x.team), 1)} | ${fx(ratio(x.rep, x.team))} | ${Math.round(x.loopP99)} / ${Math.round(x.loopMax)} |`,
    );
  if (r.rows.some((x) => x.peakRss))
    console.log(
      "\n| report | server peak RSS MiB | RSS after MiB | main-thread heap used after MiB |\n| --- | ---: | ---: | ---: |\n" +
        r.rows
          .map(
            (x) => `| ${x.name} | ${Math.round((x.peakRss ?? 0) / 2 ** 20)} | ${x.rssAfter ? Math.round(x.rssAfter / 2 ** 20) : "—"} | ${x.heapUsed ?? "—"} |`,
          )
          .join("\n"),
    );
  console.log("\n| request (admin, enterprise) | Jindou ms | hand-written SQL ms | ratio |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const l of r.lists) console.log(`| ${l.name} | ${l.ms.toFixed(1)} | ${l.ref.toFixed(1)} | ${fx(ratio(l.ms, l.ref))} |`);
  console.log(
    `\nserver event-loop delay over the reports, lists and search: p50 ${r.run.p50} ms, p99 ${r.run.p99} ms, max ${r.run.max} ms (${r.run.n} samples, 10 ms resolution)`,
  );
  if (r.health) {
    const t = r.health.times;
    console.log(`GET /health during ${r.health.report} (cold): ${t.length} probes, p50 ${pct(t, 50).toFixed(0)} ms, max ${Math.max(...t).toFixed(0)} ms`);
  }
  console.log(
    `server RSS (child process, worker threads included; PostgreSQL's own processes not counted): peak ${mib(r.mem.peakRss)} sampled while measuring, VmHWM ${mib(r.mem.hwm)} over its life, ${r.mem.threads} threads` +
      (r.teamMem ? `; team-scale server peak ${mib(r.teamMem.peakRss)}, VmHWM ${mib(r.teamMem.hwm)}` : ""),
  );
}

export interface Aim {
  aim: string;
  /** null: not measured in this run (no report of its kind was chosen) */
  met: boolean | null;
  detail: string;
}

/** Every aim of issue 10 this run measures (moves are bench/moves.ts), with the reports or requests that miss it. */
export function aimsMet(r: Result): Aim[] {
  const aims: Aim[] = [];
  const check = (aim: string, rows: Row[], value: (x: Row) => number | null, ok: (v: number) => boolean, show: (v: number) => string) => {
    const measured = rows.filter((x) => value(x) != null);
    const miss = measured.filter((x) => !ok(value(x) as number));
    const detail = !measured.length
      ? "no report of this kind in the run"
      : miss.length
        ? `${measured.length - miss.length} of ${measured.length}; not: ${miss.map((x) => `${x.name} ${show(value(x) as number)}`).join(", ")}`
        : `all ${measured.length}`;
    aims.push({ aim, met: measured.length ? miss.length === 0 : null, detail });
  };
  const sec = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
  check(
    "every report < 1 s cold (admin)",
    r.rows,
    (x) => x.cold,
    (v) => v < 1000,
    sec,
  );
  check(
    "every report < 1 s cold after a deal or activity write (admin)",
    r.rows.filter((x) => x.factCold != null),
    (x) => x.factCold as number,
    (v) => v < 1000,
    sec,
  );
  check(
    "every report < 300 ms warm",
    r.rows,
    (x) => x.warm,
    (v) => v < 300,
    sec,
  );
  check(
    "within 1.5× of its reference (admin cold)",
    r.rows,
    (x) => ratio(x.cold, x.ref),
    (v) => v <= 1.5,
    (v) => `${v.toFixed(2)}×`,
  );
  check(
    "a rep's report ≤ 2× the team-scale time",
    r.rows,
    (x) => ratio(x.rep, x.team),
    (v) => v <= 2,
    (v) => `${v.toFixed(2)}×`,
  );
  check(
    "enterprise ÷ team ≤ 10",
    r.rows,
    (x) => ratio(x.cold, x.team),
    (v) => v <= 10,
    (v) => v.toFixed(1),
  );
  check(
    "tiering and value on 10 M orders < 3 s cold",
    r.rows.filter((x) => TIERING_VALUE.test(x.path)),
    (x) => x.cold,
    (v) => v < 3000,
    sec,
  );
  const slowLists = r.lists.filter((l) => l.ms >= 100);
  aims.push({
    aim: "list pages (first and 1,000th) and search < 100 ms",
    met: r.lists.length > 0 && slowLists.length === 0,
    detail: r.lists.map((l) => `${l.name} ${l.ms.toFixed(1)} ms`).join(", "),
  });
  const worst = r.rows.reduce((a, b) => (b.loopP99 > a.loopP99 ? b : a), r.rows[0]);
  aims.push({
    aim: "event-loop delay p99 < 50 ms while reports run",
    met: r.run.n > 0 && r.run.p99 < 50,
    detail: `p99 ${r.run.p99} ms over the run, max ${r.run.max} ms${worst ? `; worst report ${worst.name} (p99 ${worst.loopP99} ms)` : ""}`,
  });
  aims.push({
    aim: "server RSS < 1 GiB",
    met: Math.max(r.mem.peakRss, r.mem.hwm) < GiB,
    detail: `peak ${mib(r.mem.peakRss)} while measuring, VmHWM ${mib(r.mem.hwm)}`,
  });
  if (r.health) {
    const max = Math.max(...r.health.times);
    aims.push({ aim: "GET /health < 1 s while a heavy report runs", met: max < 1000, detail: `max ${max.toFixed(0)} ms during ${r.health.report}` });
  }
  return aims;
}

export function printAims(aims: Aim[]): void {
  console.log("\nAims of issue 10 (PostgreSQL, enterprise) in this run:");
  for (const a of aims) console.log(`- ${a.aim}: **${a.met == null ? "not measured" : a.met ? "met" : "not met"}** (${a.detail})`);
}

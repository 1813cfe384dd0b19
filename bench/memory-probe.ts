/**
 * In-process companion of bench/memory.ts: runs the whole-base reports' builders in this one thread (no worker: the
 * tiering reports inline, as src/workers/tiering-reports.ts does on a worker's own connection; the CLV fit and scores
 * still go to the compute pool) and prints, per report, the heap retained afterwards (after a full GC: the per-stamp
 * aggregates kept) and the peak heap and RSS while it ran (sampled every 10 ms: the transient garbage).
 *
 *   node --expose-gc --import tsx bench/memory-probe.ts --pg <url> [--only grades,kaism,…] [--now 2026-06-30]
 */
import { openDb } from "../src/db/connect";
import * as tiering from "../src/tiering/reports";
import { resolveWindow } from "../src/tiering/window";
import { clvReport, retentionReport } from "../src/value/reports";
import { computePool } from "../src/workers/pool";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const NOW = Date.parse(`${arg("now") ?? "2026-06-30"}T12:00:00+08:00`);
const TZ = "Asia/Shanghai";
const ONLY = (arg("only") ?? "grades,rfm,kaism,retention,clv").split(",");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const mib = (b: number) => Math.round(b / 2 ** 20);

async function main() {
  const url = arg("pg");
  if (!url) throw new Error("--pg <postgres url> is required");
  const { db, close } = openDb(url);
  const settings = await tiering.loadSettings(db);
  const scope = { viewer: { id: 0, role: "admin", teamId: null, name: "probe", email: "", locale: "zh-CN" } as never, filters: {} };
  const input = { db, scope, settings, w: resolveWindow({}, NOW, TZ, settings.windowMonths), limit: 200, tz: TZ };
  const builders: Record<string, () => Promise<unknown>> = {
    grades: () => tiering.gradesReport(input),
    rfm: () => tiering.rfmReport(input),
    kaism: () => tiering.kaismReport(input),
    retention: () => retentionReport(input),
    clv: () => clvReport(input),
  };
  const live = () => {
    gc!();
    return process.memoryUsage();
  };
  console.log("| report | ms | retained heap + buffers after, MiB | peak heap while running, MiB | peak RSS while running, MiB |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  const start = live();
  console.log(`| (start) | | ${mib(start.heapUsed + start.arrayBuffers)} | | ${mib(start.rss)} |`);
  for (const name of ONLY) {
    let peakHeap = 0;
    let peakRss = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
      peakRss = Math.max(peakRss, m.rss);
    };
    const timer = setInterval(sample, 10);
    const t = performance.now();
    await builders[name]();
    const ms = performance.now() - t;
    clearInterval(timer);
    sample();
    const after = live();
    console.log(`| ${name} | ${Math.round(ms)} | ${mib(after.heapUsed + after.arrayBuffers)} | ${mib(peakHeap)} | ${mib(peakRss)} |`);
  }
  await computePool().close();
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Web app timings in headless Chromium on team-scale demo data: time to first render and to interactive for the
 * pipeline board and the funnel dashboard, and the renderer main thread's CPU work per load (CDP metrics, see
 * bench/web-measure.ts), this build beside a baseline build, the two alternated load by load in the same run.
 *   RUNS=7 warm loads (same browser context, after two priming loads), COLD_RUNS=3 cold loads (fresh context);
 *   STRESS=1 adds a board stressed to 2,000 open opportunities; PROFILE=<dir> writes CPU profiles of the last warm loads.
 *
 *   npx tsx bench/web.ts                      # this build beside main's build, same data, same run
 *   BASELINE=<git rev> npx tsx bench/web.ts   # … beside another revision's build (BASELINE=none: this build only)
 * The baseline's web/ and src/ are taken from git (git archive) into bench/out/baseline and built there with this
 * checkout's node_modules; a second server on the same database serves it. Aim: warm interactive < 1.0 s.
 *
 * first render = navigation start → the page's own content is on screen (first card / the snapshot funnel chart);
 * interactive  = content on screen and the main thread quiet (end of the last long task, PerformanceObserver);
 * response     = a click on a card's menu → its move menu (board) / a click on a stage count → the drill drawer with its rows.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { BrowserContext } from "playwright-core";
import type { Db } from "../src/db/connect";
import { DEMO_ADMIN, startDemoServer } from "../e2e/demo-server";
import { ensureWebBuild, launchBrowser, ROOT } from "../e2e/harness";
import { measure, medianTiming, type PageKind, prepareContext, type Timing } from "./web-measure";

/** Builds the web app of `rev` into bench/out/baseline/web/dist and returns that directory. */
function buildBaseline(rev: string): string {
  const dir = path.join(ROOT, "bench", "out", "baseline");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync("git", ["archive", "--format=tar", rev, "web", "src"], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", path.join(dir, "web", "vite.config.ts"), "--logLevel", "error"],
    { cwd: dir, stdio: "inherit" },
  );
  return path.join(dir, "web", "dist");
}

async function stressBoard(db: Db, pipelineId: number, target: number) {
  // Copies the pipeline's open opportunities (new ids, same customers and owners) until `target` are open.
  const cols =
    "external_id, pipeline_id, stage_id, customer_id, owner_id, title, amount_fen, units, product, expected_close_date, source, forecast_category, probability_override, status, lost_reason, closed_at, stage_entered_at, created_at, updated_at, version";
  for (;;) {
    const n = Number(
      (await sql<{ n: number }>`select count(*) as n from opportunities where pipeline_id = ${pipelineId} and status = 'open'`.execute(db)).rows[0].n,
    );
    if (n >= target) return n;
    await sql
      .raw(
        `insert into opportunities (${cols}) select null, pipeline_id, stage_id, customer_id, owner_id, title || ' *', amount_fen, units, product, expected_close_date, source, forecast_category, probability_override, status, lost_reason, closed_at, stage_entered_at, created_at, updated_at, version from opportunities where pipeline_id = ${pipelineId} and status = 'open' limit ${target - n}`,
      )
      .execute(db);
  }
}

async function main() {
  ensureWebBuild();
  const rev = process.env.BASELINE ?? "main";
  const rounds = Number(process.env.RUNS ?? 7);
  const baseDist = rev === "none" ? null : buildBaseline(rev);
  const server = await startDemoServer("team");
  const baseUrl = baseDist ? await server.alsoServe(baseDist) : null;
  const browser = await launchBrowser();
  try {
    const login = await server.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: DEMO_ADMIN });
    const cookie = String(login.headers["set-cookie"]).split(";")[0];
    const list = JSON.parse((await server.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: { cookie } })).body).items as Array<{
      id: number;
      key: string;
    }>;
    const pid = list.find((p) => p.key === "probability")!.id;
    const open = JSON.parse((await server.app.inject({ method: "GET", url: `/api/v1/board?pipeline=${pid}`, headers: { cookie } })).body).columns.reduce(
      (a: number, c: { cards: unknown[] }) => a + c.cards.length,
      0,
    );
    const builds = [...(baseUrl ? [{ name: rev, url: baseUrl }] : []), { name: "this build", url: server.url }];
    const pages: Array<{ name: string; kind: PageKind; path: string }> = [
      { name: `board (${open} open cards)`, kind: "board", path: `/board?pipeline=${pid}` },
      { name: "funnel dashboard", kind: "funnel", path: `/funnel?pipeline=${pid}` },
    ];
    const samples = new Map<string, { cold: Timing[]; warm: Timing[] }>();
    const key = (b: string, p: string) => `${b}: ${p}`;
    for (const b of builds) for (const p of pages) samples.set(key(b.name, p.name), { cold: [], warm: [] });
    // warm = the same context (HTTP cache and V8 code cache kept) after two loads of each page; cold = a fresh context
    const warmCtx = new Map<string, BrowserContext>();
    for (const b of builds) {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
      await prepareContext(ctx, b.url, DEMO_ADMIN);
      for (const p of pages) for (let i = 0; i < 2; i++) await measure(ctx, b.url + p.path, p.kind);
      warmCtx.set(b.name, ctx);
    }
    const profDir = process.env.PROFILE;
    if (profDir) mkdirSync(profDir, { recursive: true });
    // alternate the builds load by load, so both see the same machine load
    for (let r = 0; r < rounds; r++)
      for (const p of pages)
        for (const b of r % 2 ? [...builds].reverse() : builds) {
          const prof = profDir && r === rounds - 1 ? path.join(profDir, `${b.name === rev ? "base" : "new"}-${p.kind}.cpuprofile`) : undefined;
          samples.get(key(b.name, p.name))!.warm.push(await measure(warmCtx.get(b.name)!, b.url + p.path, p.kind, prof));
          if (r < Number(process.env.COLD_RUNS ?? 3)) {
            const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
            await prepareContext(ctx, b.url, DEMO_ADMIN);
            samples.get(key(b.name, p.name))!.cold.push(await measure(ctx, b.url + p.path, p.kind));
            await ctx.close();
          }
        }
    const rows = [...samples].map(([page, s]) => ({ page, cold: medianTiming(s.cold), warm: medianTiming(s.warm) }));
    if (process.env.STRESS) {
      const stressed = await stressBoard(server.db, pid, 2000);
      const ctx = warmCtx.get("this build")!;
      const url = `${server.url}/board?pipeline=${pid}`;
      const warm: Timing[] = [];
      for (let i = 0; i < 3; i++) warm.push(await measure(ctx, url, "board"));
      rows.push({ page: `this build: board stressed (${stressed} open cards)`, cold: medianTiming(warm), warm: medianTiming(warm) });
    }
    const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const ms = (x: number) => `${Math.round(x)}`;
    console.log(
      `\n${rounds} warm loads (same context) and ${process.env.COLD_RUNS ?? 3} cold loads (fresh context) per row, medians; builds alternated load by load`,
    );
    console.log(
      "| page | first render cold / warm | interactive cold / warm | main-thread CPU ms cold / warm | renderer CPU ms warm | warm task / script / layout / style ms (wall) | response (warm) |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of rows)
      console.log(
        `| ${r.page} | ${f(r.cold.firstRender)} / ${f(r.warm.firstRender)} | ${f(r.cold.interactive)} / ${f(r.warm.interactive)} | ${ms(r.cold.cpu.thread)} / ${ms(r.warm.cpu.thread)} | ${ms(r.warm.cpu.process)} | ${ms(r.warm.cpu.task)} / ${ms(r.warm.cpu.script)} / ${ms(r.warm.cpu.layout)} / ${ms(r.warm.cpu.style)} | ${r.warm.response} ms |`,
      );
    if (baseUrl)
      for (const p of pages) {
        const a = rows.find((r) => r.page === key("this build", p.name))!;
        const b = rows.find((r) => r.page === key(rev, p.name))!;
        console.log(
          `${p.name}: warm interactive ${f(a.warm.interactive)} vs ${f(b.warm.interactive)} (${rev}), ratio ${(a.warm.interactive / b.warm.interactive).toFixed(2)}; ` +
            `warm main-thread CPU ${ms(a.warm.cpu.thread)} vs ${ms(b.warm.cpu.thread)} ms, ratio ${(a.warm.cpu.thread / b.warm.cpu.thread).toFixed(2)}`,
        );
      }
    const mine = rows.filter((r) => r.page.startsWith("this build:") && !r.page.includes("stressed"));
    const worst = Math.max(...mine.map((r) => r.warm.interactive));
    console.log(`\nworst warm interactive ${f(worst)} — target < 1.00 s: ${worst < 1000 ? "met" : "NOT met"}`);
    console.log(`uptime: ${execFileSync("uptime").toString().trim()}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();

/**
 * Web app timings in headless Chromium on team-scale demo data: time to first render and to interactive for the
 * pipeline board and the funnel dashboard, plus a board stressed to 2,000 open opportunities (virtualised columns).
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
import type { Browser, Page } from "playwright-core";
import type { Db } from "../src/db/connect";
import { DEMO_ADMIN, startDemoServer } from "../e2e/demo-server";
import { ensureWebBuild, launchBrowser, ROOT } from "../e2e/harness";

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

interface Timing {
  firstRender: number;
  interactive: number;
  response: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const LONG_TASKS = `
  window.__longTasks = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.startTime + e.duration); }).observe({ type: "longtask", buffered: true }); } catch {}
`;

async function measure(browser: Browser, url: string, page0: "board" | "funnel"): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  await context.request.post(new URL("/api/v1/auth/login", url).toString(), { data: DEMO_ADMIN });
  await context.addInitScript(LONG_TASKS);
  const page: Page = await context.newPage();
  if (process.env.DEBUG) page.on("response", (r) => r.url().includes("/api/") && console.log(r.status(), r.url().slice(0, 120)));
  await page.goto(url, { waitUntil: "commit" });
  const ready = page0 === "board" ? "[data-testid^='card-']" : "[data-testid='snapshot-funnel'] svg, [data-testid='snapshot-funnel'] canvas";
  await page.waitForSelector(ready, { timeout: 60_000 });
  const firstRender = await page.evaluate(() => performance.now());
  if (process.env.DEBUG)
    console.log(
      await page.evaluate(() =>
        [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource"), ...performance.getEntriesByType("paint")]
          .map(
            (e) =>
              `${e.name
                .replace(/^https?:\/\/[^/]+/, "")
                .slice(0, 70)
                .padEnd(70)} ${Math.round(e.startTime)}→${Math.round((e as PerformanceResourceTiming).responseEnd ?? e.startTime)}`,
          )
          .join("\n"),
      ),
    );
  if (page0 === "funnel") await page.waitForSelector("[data-testid='funnel-health'] .ant-statistic-content", { timeout: 60_000 });
  const contentDone = await page.evaluate(() => performance.now());
  await page.waitForTimeout(1200);
  const lastLong = await page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks));
  const interactive = Math.max(contentDone, lastLong);
  let response: number;
  if (page0 === "board") {
    const menu = page.locator("[data-testid^='card-menu-']").first();
    const t0 = Date.now();
    await menu.click();
    await page.waitForSelector(".ant-dropdown-menu", { state: "visible" });
    response = Date.now() - t0;
  } else {
    const t0 = Date.now();
    await page.locator("[data-testid^='snapshot-count-']").first().click();
    await page.waitForSelector(".ant-drawer .ant-table-tbody tr:nth-child(2)", { state: "visible" });
    response = Date.now() - t0;
  }
  await context.close();
  return { firstRender, interactive, response };
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
  const baseDist = rev === "none" ? null : buildBaseline(rev);
  const server = await startDemoServer("team");
  const baseUrl = baseDist ? await server.alsoServe(baseDist) : null;
  const browser = await launchBrowser();
  try {
    const pipelines = await server.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: DEMO_ADMIN });
    const cookie = String(pipelines.headers["set-cookie"]).split(";")[0];
    const list = JSON.parse((await server.app.inject({ method: "GET", url: "/api/v1/pipelines", headers: { cookie } })).body).items as Array<{
      id: number;
      key: string;
    }>;
    const pid = list.find((p) => p.key === "probability")!.id;
    const open = JSON.parse((await server.app.inject({ method: "GET", url: `/api/v1/board?pipeline=${pid}`, headers: { cookie } })).body).columns.reduce(
      (a: number, c: { cards: unknown[] }) => a + c.cards.length,
      0,
    );
    const cases: Array<[string, string, "board" | "funnel"]> = [
      ...(baseUrl
        ? ([
            [`${rev}: board (${open} open cards)`, `${baseUrl}/board?pipeline=${pid}`, "board"],
            [`${rev}: funnel dashboard`, `${baseUrl}/funnel?pipeline=${pid}`, "funnel"],
          ] as Array<[string, string, "board" | "funnel"]>)
        : []),
      [`this build: board (${open} open cards)`, `${server.url}/board?pipeline=${pid}`, "board"],
      ["this build: funnel dashboard", `${server.url}/funnel?pipeline=${pid}`, "funnel"],
    ];
    const rows: Array<{ page: string; cold: Timing; warm: Timing }> = [];
    const run = async (name: string, url: string, kind: "board" | "funnel") => {
      const cold = await measure(browser, url, kind);
      const warm: Timing[] = [];
      for (let i = 0; i < 3; i++) warm.push(await measure(browser, url, kind));
      rows.push({
        page: name,
        cold,
        warm: {
          firstRender: median(warm.map((w) => w.firstRender)),
          interactive: median(warm.map((w) => w.interactive)),
          response: median(warm.map((w) => w.response)),
        },
      });
    };
    for (const [name, url, kind] of cases) await run(name, url, kind);
    const stressed = await stressBoard(server.db, pid, 2000);
    await run(`board stressed (${stressed} open cards)`, `${server.url}/board?pipeline=${pid}`, "board");
    const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log("\n| page | first render (cold / warm) | interactive (cold / warm) | response (warm) |");
    console.log("| --- | ---: | ---: | ---: |");
    for (const r of rows)
      console.log(
        `| ${r.page} | ${f(r.cold.firstRender)} / ${f(r.warm.firstRender)} | ${f(r.cold.interactive)} / ${f(r.warm.interactive)} | ${r.warm.response} ms |`,
      );
    const mine = rows.filter((r) => !r.page.startsWith(`${rev}:`));
    for (const r of mine) {
      const base = rows.find(
        (b) => b.page.startsWith(`${rev}:`) && b.page.slice(rev.length + 2).split(" (")[0] === r.page.replace("this build: ", "").split(" (")[0],
      );
      if (base)
        console.log(
          `${r.page}: warm interactive ${f(r.warm.interactive)} vs ${f(base.warm.interactive)} (${rev}), ratio ${(r.warm.interactive / base.warm.interactive).toFixed(2)}`,
        );
    }
    const worst = Math.max(...mine.map((r) => r.warm.interactive));
    console.log(`\nworst warm interactive ${f(worst)} — target < 1.00 s: ${worst < 1000 ? "met" : "NOT met"}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();

/**
 * One page load of bench/web.ts in Chromium: wall-clock first render and interactive, the renderer main thread's
 * CPU work for that load (CDP Performance.getMetrics: ScriptDuration, TaskDuration, LayoutDuration,
 * RecalcStyleDuration, ThreadTime, ProcessTime), and the response
 * to one action. ThreadTime (the main thread's CPU time) is the figure to compare builds on; the *Duration metrics are
 * wall time inside tasks, so they inflate with the machine's load like the page timings do. Optionally writes a V8 CPU profile of the load (PROFILE=<dir>).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, CDPSession, Page } from "playwright-core";

export type PageKind = "board" | "funnel";

export interface Cpu {
  /** CPU time of the renderer's main thread (ThreadTime): the figure that other processes' load barely moves */
  thread: number;
  /** CPU time of the whole renderer process (ProcessTime, 100 ms resolution on Linux) */
  process: number;
  /** wall time of the main thread's tasks (TaskDuration, ScriptDuration, LayoutDuration, RecalcStyleDuration) */
  task: number;
  script: number;
  layout: number;
  style: number;
}

export interface Timing {
  firstRender: number;
  interactive: number;
  response: number;
  cpu: Cpu;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function medianTiming(ts: Timing[]): Timing {
  const m = (f: (t: Timing) => number) => median(ts.map(f));
  return {
    firstRender: m((t) => t.firstRender),
    interactive: m((t) => t.interactive),
    response: m((t) => t.response),
    cpu: {
      thread: m((t) => t.cpu.thread),
      process: m((t) => t.cpu.process),
      task: m((t) => t.cpu.task),
      script: m((t) => t.cpu.script),
      layout: m((t) => t.cpu.layout),
      style: m((t) => t.cpu.style),
    },
  };
}

const LONG_TASKS = `
  window.__longTasks = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.startTime + e.duration); }).observe({ type: "longtask", buffered: true }); } catch {}
`;

/** Seconds → ms of the CDP metrics this bench reports. */
async function cpuNow(cdp: CDPSession): Promise<Cpu> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (n: string) => 1000 * (metrics.find((x) => x.name === n)?.value ?? 0);
  return {
    thread: get("ThreadTime"),
    process: get("ProcessTime"),
    task: get("TaskDuration"),
    script: get("ScriptDuration"),
    layout: get("LayoutDuration"),
    style: get("RecalcStyleDuration"),
  };
}

export const READY: Record<PageKind, string> = {
  board: "[data-testid^='card-']",
  funnel: "[data-testid='snapshot-funnel'] svg, [data-testid='snapshot-funnel'] canvas",
};

/** Prepares a context: signed in as `login`, long-task observer in every page. */
export async function prepareContext(context: BrowserContext, url: string, login: object): Promise<void> {
  await context.request.post(new URL("/api/v1/auth/login", url).toString(), { data: login });
  await context.addInitScript(LONG_TASKS);
}

/** Loads `url` in a new page of `context` (its HTTP cache is the context's: fresh = cold, reused = warm). */
export async function measure(context: BrowserContext, url: string, kind: PageKind, profileTo?: string): Promise<Timing> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  if (profileTo) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  const cpu0 = await cpuNow(cdp);
  if (process.env.DEBUG) page.on("response", (r) => r.url().includes("/api/") && console.log(r.status(), r.url().slice(0, 120)));
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector(READY[kind], { timeout: 180_000 });
  const firstRender = await page.evaluate(() => performance.now());
  if (kind === "funnel") await page.waitForSelector("[data-testid='funnel-health'] .ant-statistic-content", { timeout: 180_000 });
  const contentDone = await page.evaluate(() => performance.now());
  await page.waitForTimeout(1200);
  const lastLong = await page.evaluate(() => Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks));
  const interactive = Math.max(contentDone, lastLong);
  const cpu1 = await cpuNow(cdp);
  if (profileTo) {
    const { profile } = await cdp.send("Profiler.stop");
    writeFileSync(profileTo, JSON.stringify(profile));
  }
  if (process.env.DEBUG) console.log(path.basename(url), await resourceTimings(page));
  const cpu = {
    thread: cpu1.thread - cpu0.thread,
    process: cpu1.process - cpu0.process,
    task: cpu1.task - cpu0.task,
    script: cpu1.script - cpu0.script,
    layout: cpu1.layout - cpu0.layout,
    style: cpu1.style - cpu0.style,
  };
  let response: number;
  if (kind === "board") {
    const t0 = Date.now();
    await page.locator("[data-testid^='card-menu-']").first().click();
    await page.waitForSelector(".ant-dropdown-menu", { state: "visible" });
    response = Date.now() - t0;
  } else {
    const t0 = Date.now();
    await page.locator("[data-testid^='snapshot-count-']").first().click();
    await page.waitForSelector(".ant-drawer .ant-table-tbody tr:nth-child(2)", { state: "visible" });
    response = Date.now() - t0;
  }
  await page.close();
  return { firstRender, interactive, response, cpu };
}

function resourceTimings(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource"), ...performance.getEntriesByType("paint")]
      .map(
        (e) =>
          `${e.name
            .replace(/^https?:\/\/[^/]+/, "")
            .slice(0, 70)
            .padEnd(70)} ${Math.round(e.startTime)}→${Math.round((e as PerformanceResourceTiming).responseEnd ?? e.startTime)}`,
      )
      .join("\n"),
  );
}

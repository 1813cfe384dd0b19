/**
 * Browser-test harness: the real server in process on a fresh SQLite database (test people, pipelines, and
 * optionally demo data), the built web app, and Debian's Chromium driven by playwright-core.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "../src/config";
import { createTestDb } from "../src/db/testing";
import { generateDemo } from "../src/demo/generate";
import { buildApp } from "../src/http/app";
import type { App } from "../src/http/plugin";
import { createApiToken } from "../src/http/auth";
import { type Person, PEOPLE, seedPeople, TEST_PASSWORD } from "../src/http/testing";
import { installDefaults } from "../src/pipelines/install";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SHOTS = path.join(ROOT, "e2e", "screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Builds web/dist when any web source is newer (scripts/ensure-web-build.mjs). */
export function ensureWebBuild(): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "ensure-web-build.mjs")], { cwd: ROOT, stdio: "inherit" });
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

export interface Server {
  app: App;
  url: string;
  ids: Record<Person, number> & { teamA: number; teamB: number };
  /** calls the API in process as one of the test people (bearer token) */
  api<T = any>(who: Person, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startServer(opts: { demo?: "tiny" | "team"; seed?: number } = {}): Promise<Server> {
  const handle = await createTestDb("sqlite");
  const now = Date.now();
  const ids = await seedPeople(handle.db, now);
  if (opts.demo) {
    // the demo names its teams after regions too; keep the test teams apart
    for (const id of [ids.teamA, ids.teamB])
      await handle.db
        .updateTable("teams")
        .set({ name: `测试${id}组` })
        .where("id", "=", id)
        .execute();
    await generateDemo(handle.db, { scale: opts.demo, seed: opts.seed ?? 7, now });
  } else await installDefaults(handle.db, now);
  const config = loadConfig({ TZ_ORG: "Asia/Shanghai", JOBS: "0", LOG_LEVEL: "silent", LOGIN_MAX_FAILURES: "50" } as NodeJS.ProcessEnv);
  const app = await buildApp({ handle, config, webDist: path.join(ROOT, "web", "dist") });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const tokens = {} as Record<Person, string>;
  for (const p of PEOPLE) tokens[p] = await createApiToken(handle.db, ids[p], "e2e", now);
  const api: Server["api"] = async (who, method, u, body) => {
    const res = await app.inject({
      method,
      url: "/api/v1" + u,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const parsed = res.body ? JSON.parse(res.body) : null;
    if (res.statusCode >= 400) throw new Error(`${method} ${u} → ${res.statusCode} ${res.body}`);
    return parsed;
  };
  return {
    app,
    url,
    ids,
    api,
    close: async () => {
      await app.close();
      await handle.drop();
    },
  };
}

export const emailOf = (who: Person) => `${who.toLowerCase()}@test.jindou`;

/** Signs in through the login form and waits for the shell. */
export async function login(page: Page, base: string, who: Person | { email: string; password: string }, next = "/"): Promise<void> {
  const cred = typeof who === "string" ? { email: emailOf(who), password: TEST_PASSWORD } : who;
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.locator("#login-email").fill(cred.email);
  await page.locator("#login-password").fill(cred.password);
  await page.getByRole("button", { name: /登\s*录|Sign in/ }).click();
  await page.getByTestId("whoami").waitFor();
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000); // the full suite runs unit files beside the browser on 2 cores: a save can take seconds
  return { context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(350); // let dialogs and charts finish animating
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** A customer and an opportunity owned by `who`, in the pipeline with the given key (first stage). */
export async function makeDeal(s: Server, who: Person, opts: { pipelineKey?: string; title?: string; customer?: string; amountFen?: number } = {}) {
  const pipelines = await s.api<{
    items: Array<{ id: number; key: string; stages: Array<{ id: number; kind: string; position: number; criteria: Array<{ id: number }> }> }>;
  }>(who, "GET", "/pipelines");
  const pipeline = pipelines.items.find((p) => p.key === (opts.pipelineKey ?? "crm5"))!;
  const name = opts.customer ?? `测试客户${Math.random().toString(36).slice(2, 7)}`;
  const created = await s.api<{ customer: { id: number } }>(who, "POST", "/customers", { name });
  const opp = await s.api<{ id: number; stageId: number; version: number }>(who, "POST", "/opportunities", {
    customerId: created.customer.id,
    pipelineId: pipeline.id,
    title: opts.title ?? "ERP 升级项目",
    amountFen: opts.amountFen ?? 30_000_000,
    expectedCloseDate: "2026-12-31",
    source: "inbound",
  });
  return { pipeline, customerId: created.customer.id, customerName: name, opp };
}

/** For a describe(): builds the app, starts a server on a fresh database and a browser before, closes both after. */
export function serverAndBrowser(): { server: Server; browser: Browser } {
  const env = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    ensureWebBuild();
    [env.server, env.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** A server on demo data (team scale by default) for screenshots and the web benchmark: fresh SQLite, real app, random port. */
import path from "node:path";
import { loadConfig } from "../src/config";
import { createTestDb } from "../src/db/testing";
import { generateDemo } from "../src/demo/generate";
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from "../src/demo/people";
import { buildApp } from "../src/http/app";
import { computePool } from "../src/workers/pool";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ensureWebBuild, launchBrowser, ROOT } from "./harness";

export const DEMO_ADMIN = { email: `admin@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD };
export const DEMO_MANAGER = { email: `manager1@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD };

/**
 * Starts every compute worker now (one trivial task each), so no page pays for it. Here the workers run the
 * TypeScript sources through tsx, and a worker's first task waits while its whole module graph (every tiering
 * report) is transpiled: 8.4 s for the key-customers page's first five reports at load 14 (0.1–0.2 s once
 * started), past the pages' 30 s waits when the whole suite loads the machine — the key-customers pyramid that
 * "never drew". The compiled server (dist/) starts its workers in a fraction of that.
 */
async function warmComputePool(): Promise<void> {
  const pool = computePool();
  await Promise.all(Array.from({ length: pool.size }, () => pool.run("sleep", { ms: 100 })));
}

export async function startDemoServer(scale: "tiny" | "team" = "team", log: (s: string) => void = console.log) {
  const t0 = Date.now();
  const handle = await createTestDb("sqlite");
  const now = Date.now();
  const rows = await generateDemo(handle.db, { scale, seed: 42, now });
  log(
    `demo data (${scale}) generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(rows.rows)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  const app = await buildApp({
    handle,
    config: loadConfig({ TZ_ORG: "Asia/Shanghai", JOBS: "0", LOG_LEVEL: "silent" } as NodeJS.ProcessEnv),
    webDist: path.join(ROOT, "web", "dist"),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  await warmComputePool();
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const extra: Array<{ close(): Promise<unknown> }> = [];
  /** Another server on the same database serving a different web build (the bench's baseline). */
  const alsoServe = async (webDist: string) => {
    const other = await buildApp({ handle, config: loadConfig({ TZ_ORG: "Asia/Shanghai", JOBS: "0", LOG_LEVEL: "silent" } as NodeJS.ProcessEnv), webDist });
    await other.listen({ port: 0, host: "127.0.0.1" });
    extra.push(other);
    const a = other.server.address();
    return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  };
  return {
    app,
    url,
    db: handle.db,
    alsoServe,
    close: async () => {
      for (const e of extra) await e.close();
      await app.close();
      await handle.drop();
    },
  };
}

export type DemoServer = Awaited<ReturnType<typeof startDemoServer>>;

/** For a describe(): the web build, a server on tiny demo data and a browser before, both closed after (the page walks' setup). */
export function demoServerAndBrowser(): { server: DemoServer; browser: Browser } {
  const env = {} as { server: DemoServer; browser: Browser };
  beforeAll(async () => {
    ensureWebBuild();
    [env.server, env.browser] = await Promise.all([startDemoServer("tiny", () => undefined), launchBrowser()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

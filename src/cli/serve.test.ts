/** `jindou serve` takes its clock from the machine; only the benchmark entry (src/bench/serve.ts) injects one. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { type RunningServer, startServe } from "./serve";

const dir = mkdtempSync(path.join(tmpdir(), "jindou-serve-"));
let server: RunningServer | null = null;
const saved = { ...process.env };

afterEach(async () => {
  await server?.stop();
  server = null;
  process.env = { ...saved };
});

const healthTime = async (s: RunningServer) => {
  const res = await fetch(`${s.url.replace("localhost", "127.0.0.1")}/api/v1/health`);
  expect(res.status).toBe(200);
  return Date.parse(((await res.json()) as { time: string }).time);
};

test("the production serve ignores JINDOU_FIXED_NOW (it used to fix every request's clock from the environment)", async () => {
  process.env.JINDOU_FIXED_NOW = "2026-06-30T04:00:00.000Z";
  process.env.JINDOU_QUIET = "1";
  process.env.JOBS = "0";
  const before = Date.now();
  server = await startServe({ database: path.join(dir, "prod.db"), port: "0", host: "127.0.0.1" });
  const t = await healthTime(server);
  expect(t).toBeGreaterThanOrEqual(before - 1000);
  expect(t).toBeLessThanOrEqual(Date.now() + 1000);
}, 60_000);

test("an injected clock is what every request sees", async () => {
  process.env.JINDOU_QUIET = "1";
  process.env.JOBS = "0";
  const fixed = Date.UTC(2026, 5, 30, 4);
  server = await startServe({ database: path.join(dir, "bench.db"), port: "0", host: "127.0.0.1" }, undefined, { now: () => fixed });
  expect(await healthTime(server)).toBe(fixed);
}, 60_000);

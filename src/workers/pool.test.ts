/**
 * The compute pool's scheduling: database reads share a worker with each other (they mostly wait), a CPU task has a
 * worker to itself, and a failing task rejects only its own caller. Checked from the instants each task ran at in
 * the worker (a one-worker pool), not from how long anything took.
 */
import { afterAll, expect, test } from "vitest";
import { AppError } from "../core/errors";
import { WorkerPool } from "./pool";

const pool = new WorkerPool(1, new Set(["sleep"]));
afterAll(() => pool.close());

type Ran = { start: number; end: number };
const overlap = (a: Ran, b: Ran) => a.start < b.end && b.start < a.end;

test("reads run side by side on one worker; a CPU task waits for them and they for it", async () => {
  const [a, b] = (await Promise.all([pool.run("sleep", { ms: 300 }), pool.run("sleep", { ms: 300 })])) as Ran[];
  expect(overlap(a, b)).toBe(true);
  const spin = pool.run("spin", { ms: 200 }) as Promise<Ran>;
  const after = pool.run("sleep", { ms: 50 }) as Promise<Ran>;
  const [s, r] = await Promise.all([spin, after]);
  expect(r.start).toBeGreaterThanOrEqual(s.end);
  const read = pool.run("sleep", { ms: 200 }) as Promise<Ran>;
  const cpu = pool.run("spin", { ms: 50 }) as Promise<Ran>;
  const [r2, s2] = await Promise.all([read, cpu]);
  expect(s2.start).toBeGreaterThanOrEqual(r2.end);
  expect(pool.pending).toBe(0);
}, 60_000);

test("an unknown task rejects its caller only; the reads beside it answer", async () => {
  const ok = pool.run("sleep", { ms: 100 });
  const bad = pool.run("nope" as never, {} as never);
  await expect(bad).rejects.toThrow(/unknown task/);
  expect(((await ok) as Ran).end).toBeGreaterThan(0);
}, 60_000);

test("a rule refusing inside a worker reaches the caller as the same AppError: code, message, field and parameters", async () => {
  const e = await pool
    .run("refuse", { code: "INVALID", message: "period must be a quarter", field: "period", params: { rule: "quarter" } })
    .catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  const a = e as AppError;
  expect([a.code, a.message, a.field, a.params]).toEqual(["INVALID", "period must be a quarter", "period", { rule: "quarter" }]);
}, 60_000);

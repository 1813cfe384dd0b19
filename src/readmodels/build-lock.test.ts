/**
 * Two processes starting on one database with stale read models (two servers, or a server and `jindou rebuild`):
 * the second waits for the first's build and then finds the models current — one correct model (equal to its
 * rebuild), no duplicate rows, no error, on both engines.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, inject, test } from "vitest";
import { createTestDb } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { buildStaleModels } from "./build-lock";
import { type ModelName, modelRows, rebuild } from "./rebuild";

const NOW = Date.parse("2026-06-15T04:00:00Z");
const TZ = "Asia/Shanghai";
const root = path.resolve(__dirname, "../..");

/** The second process: resolves once it holds the first model's lock; `done` gives the models it built. */
function otherInstance(url: string, lingerMs: number): Promise<{ done: Promise<ModelName[]> }> {
  const child = spawn("node", ["--import", "tsx", path.join(root, "src/readmodels/build-lock.child.ts"), url, String(lingerMs)], { cwd: root });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
  });
  const done = new Promise<ModelName[]>((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "null")) : reject(new Error(`child exited ${code}: ${err}`)))),
  );
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("locked ")) resolve({ done });
    });
    done.catch(reject);
  });
}

async function rebuiltRows(db: Awaited<ReturnType<typeof createTestDb>>["db"], m: ModelName) {
  let rows: Record<string, unknown>[] = [];
  await db
    .transaction()
    .execute(async (tx) => {
      await rebuild(tx, m, { tz: TZ, now: NOW });
      rows = await modelRows(tx, m);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return rows;
}
class Rollback extends Error {}

for (const kind of ["sqlite", "postgres"] as const) {
  describe.skipIf(kind === "postgres" && !inject("pgAvailable"))(`read-model build lock [${kind}]`, () => {
    test("a second instance starting while the first builds waits, then finds the models current", async () => {
      const h = await createTestDb(kind);
      try {
        await generateDemo(h.db, { scale: "tiny", seed: 3, now: NOW, tz: TZ });
        // a database whose visits and facts models were never built (as after the upgrade to migration 065)
        await sql`delete from stage_visits`.execute(h.db);
        await sql`delete from opportunity_facts`.execute(h.db);
        await sql`delete from read_model_state where model in ('visits', 'facts')`.execute(h.db);
        const expected = { visits: await rebuiltRows(h.db, "visits"), facts: await rebuiltRows(h.db, "facts") };
        expect(expected.visits.length).toBeGreaterThan(50);

        const first = await otherInstance(h.location, 700);
        const second = await buildStaleModels(h.db, TZ, NOW);
        const firstBuilt = await first.done;
        // the model the first held when the second started is built by the first only; every model once in all
        expect(firstBuilt).toContain("visits");
        expect(second).not.toContain("visits");
        expect([...firstBuilt, ...second].sort()).toEqual(["facts", "visits"]);

        expect(await modelRows(h.db, "visits")).toEqual(expected.visits);
        expect(await modelRows(h.db, "facts")).toEqual(expected.facts);
        const dup = await sql<{ n: number }>`select count(*) - count(distinct opportunity_id) as n from opportunity_facts`.execute(h.db);
        expect(Number(dup.rows[0].n)).toBe(0);
      } finally {
        await h.drop();
      }
    }, 120_000);
  });
}

/**
 * Stage-move throughput: 50 concurrent HTTP clients (in a worker thread, off the server's thread) moving their own opportunities forward and back through
 * the gated transition endpoint, beside the reference the issue names — a bare `node:http` server with prepared
 * statements doing the same writes (bench/bare-server.ts) under the same load generator — and, for scale, the raw
 * driver alone in process (read, version-checked update, stage event, audit row; no HTTP). Prints moves/s, the
 * ratio to the bare server and the event-loop delay p99 of the server's thread.
 *
 *   npx tsx bench/moves.ts [--engine sqlite|postgres|both] [--seconds 10] [--clients 50]
 */
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import pg from "pg";
import { loadConfig } from "../src/config";
import { createTestDb } from "../src/db/testing";
import type { DbKind } from "../src/db/dialect";
import { buildApp } from "../src/http/app";
import { createApiToken } from "../src/http/auth";
import { seedPeople } from "../src/http/testing";
import { installDefaults } from "../src/pipelines/install";
import { startBare } from "./bare-server";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const SECONDS = Number(arg("seconds", "10"));
const CLIENTS = Number(arg("clients", "50"));
const engines: DbKind[] = arg("engine", "both") === "both" ? ["sqlite", "postgres"] : [arg("engine", "sqlite") as DbKind];

async function setup(kind: DbKind) {
  const h = await createTestDb(kind);
  const now = Date.now();
  const ids = await seedPeople(h.db, now);
  await installDefaults(h.db, now);
  const p = await h.db.selectFrom("pipelines").select("id").where("key", "=", "crm5").executeTakeFirstOrThrow();
  const stages = await h.db
    .selectFrom("stages")
    .select(["id", "position"])
    .where("pipeline_id", "=", p.id)
    .where("kind", "=", "open")
    .orderBy("position")
    .execute();
  const { id: cid } = await h.db
    .insertInto("customers")
    .values({ name: "bench", name_norm: "bench", owner_id: ids.rep, tags: "[]", created_at: now, updated_at: now } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  const opps: number[] = [];
  for (let i = 0; i < CLIENTS * 2; i++) {
    const { id } = await h.db
      .insertInto("opportunities")
      .values({
        external_id: null,
        pipeline_id: p.id,
        stage_id: stages[0].id,
        customer_id: cid,
        owner_id: ids.rep,
        title: `bench ${i}`,
        amount_fen: 100_000_00,
        units: 1,
        product: null,
        expected_close_date: null,
        source: "inbound",
        forecast_category: "pipeline",
        probability_override: null,
        status: "open",
        lost_reason: null,
        closed_at: null,
        stage_entered_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    opps.push(id);
  }
  return { h, ids, stages, opps };
}

/** The load generator in a worker thread against `base`, with the event-loop delay of this (the server's) thread. */
async function load(base: string, token: string, opps: number[], backTo: number) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const worker = new Worker(new URL("./http-load.mjs", import.meta.url), {
    workerData: { base, token, opps: opps.slice(0, CLIENTS), backTo, seconds: SECONDS },
  });
  const { moves, errors } = await new Promise<{ moves: number; errors: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  loop.disable();
  return { perSec: moves / SECONDS, errors, p99: loop.percentile(99) / 1e6 };
}

async function httpRun(kind: DbKind) {
  const { h, ids, stages, opps } = await setup(kind);
  const app = await buildApp({ handle: h, config: loadConfig({ JOBS: "0" } as NodeJS.ProcessEnv), webDist: "/none" });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
  const token = await createApiToken(h.db, ids.rep, "bench", Date.now());
  const r = await load(base, token, opps, stages[0].id);
  await app.close();
  await h.drop();
  return r;
}

/** The same load against the bare node:http server on a database set up the same way. */
async function bareRun(kind: DbKind) {
  const { h, ids, stages, opps } = await setup(kind);
  const token = await createApiToken(h.db, ids.rep, "bench", Date.now());
  await h.close();
  const bare = await startBare(kind, h.location, stages[0].id, stages[1].id);
  const r = await load(bare.url, token, opps, stages[0].id);
  await bare.close();
  if (kind === "postgres") await h.drop();
  else {
    const { rmSync } = await import("node:fs");
    rmSync(path.dirname(h.location), { recursive: true, force: true });
  }
  return r;
}

/** The same writes with the raw driver: select, version-checked update, event, audit — one transaction each. */
async function rawRun(kind: DbKind) {
  const { h, ids, stages, opps } = await setup(kind);
  let moves = 0;
  const end = Date.now() + SECONDS * 1000;
  if (kind === "sqlite") {
    await h.close();
    const db = new SQLite(h.location);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const sel = db.prepare("select stage_id, version from opportunities where id = ?");
    const upd = db.prepare("update opportunities set stage_id = ?, version = version + 1, stage_entered_at = ?, updated_at = ? where id = ? and version = ?");
    const ev = db.prepare(
      "insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at) values (?,?,?,?,?,?,?,?)",
    );
    const au = db.prepare("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values (?,?,?,?,?,?)");
    const move = db.transaction((id: number, to: number) => {
      const o = sel.get(id) as { stage_id: number; version: number };
      const now = Date.now();
      upd.run(to, now, now, id, o.version);
      ev.run(id, o.stage_id, to, "advance", "bench", 1, ids.rep, now);
      au.run(ids.rep, "opportunity", id, "advance", JSON.stringify({ stage: [o.stage_id, to] }), now);
    });
    for (let i = 0; Date.now() < end; i++) {
      move(opps[i % CLIENTS], stages[i % 2].id);
      moves++;
    }
    db.close();
    const { rmSync } = await import("node:fs");
    rmSync(path.dirname(h.location), { recursive: true, force: true });
  } else {
    await h.close();
    const pool = new pg.Pool({ connectionString: h.location, max: 10 });
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; Date.now() < end; i++) {
          const client = await pool.connect();
          try {
            await client.query("begin");
            const o = (await client.query("select stage_id, version from opportunities where id = $1 for update", [opps[c]])).rows[0];
            const now = Date.now();
            const to = stages[i % 2].id;
            await client.query(
              "update opportunities set stage_id = $1, version = version + 1, stage_entered_at = $2, updated_at = $2 where id = $3 and version = $4",
              [to, now, opps[c], o.version],
            );
            await client.query(
              "insert into stage_events (opportunity_id, from_stage_id, to_stage_id, kind, reason, override, actor_id, at) values ($1,$2,$3,'advance','bench',1,$4,$5)",
              [opps[c], o.stage_id, to, ids.rep, now],
            );
            await client.query("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values ($1,'opportunity',$2,'advance',$3,$4)", [
              ids.rep,
              opps[c],
              "{}",
              now,
            ]);
            await client.query("commit");
            moves++;
          } finally {
            client.release();
          }
        }
      }),
    );
    await pool.end();
    await h.drop();
  }
  return { perSec: moves / SECONDS };
}

console.log(`stage moves, ${CLIENTS} concurrent clients, ${SECONDS} s per run`);
console.log(
  "| engine | Jindou HTTP moves/s | bare node:http moves/s | ratio to bare | raw driver in process moves/s | errors (Jindou / bare) | event-loop p99 (Jindou / bare) |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const kind of engines) {
  const http = await httpRun(kind);
  const bare = await bareRun(kind);
  const raw = await rawRun(kind);
  console.log(
    `| ${kind} | ${http.perSec.toFixed(0)} | ${bare.perSec.toFixed(0)} | ${(http.perSec / bare.perSec).toFixed(3)} | ${raw.perSec.toFixed(0)} | ${http.errors} / ${bare.errors} | ${http.p99.toFixed(1)} / ${bare.p99.toFixed(1)} ms |`,
  );
}
process.exit(0);

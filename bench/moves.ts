/**
 * Stage-move throughput: 50 concurrent HTTP clients (in a worker thread of this process) moving their own opportunities
 * forward and back through the gated transition endpoint of a server in a child process (bench/move-server.ts): Jindou,
 * and the reference the issue names — a bare `node:http` server with prepared statements doing the same writes
 * (bench/bare-server.ts) — alternately on the same database, several rounds each, medians. Beside moves/s it prints the
 * server process's CPU time per move (process.cpuUsage; far less sensitive to other load on a shared machine than
 * moves/s) and the event-loop delay p99 of the server's thread; and, for scale, the raw driver alone in process.
 *
 * With `--before DIR` (another checkout of Jindou, e.g. /work/main) a third server runs in each round: that checkout's
 * Jindou (its bench/move-server.ts) on the same database, so a change is measured before and after in the same run.
 *
 * With `--floor` a further server runs in each round: the bare reference's logic in a plain Fastify server
 * (bench/fastify-floor.ts), to split Jindou's cost over the bare server into Fastify's own and Jindou's layers'.
 * The load generator's own CPU per move is printed too: on 2 cores it competes with the server.
 *
 * Deals are spread over 20 reps and 100 customers (`--owners`, `--customers`); `--hot` puts them all on one rep and one
 * customer (see setup).
 *
 *   npx tsx bench/moves.ts [--engine sqlite|postgres|both] [--hot] [--owners 20] [--customers 100] [--seconds 8] [--clients 50] [--rounds 3] [--warm 3] [--profile DIR] [--before DIR] [--floor]
 */
import { fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import pg from "pg";
import { createTestDb } from "../src/db/testing";
import type { DbKind } from "../src/db/dialect";
import { createApiToken } from "../src/http/auth";
import { seedPeople } from "../src/http/testing";
import { installDefaults } from "../src/pipelines/install";
import { rebuildAll } from "../src/readmodels/rebuild";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const SECONDS = Number(arg("seconds", "10"));
const CLIENTS = Number(arg("clients", "50"));
const ROUNDS = Number(arg("rounds", "3"));
/** seconds of unmeasured moves before each server's window (its code warmed up and optimised, as in steady use) */
const WARM = Number(arg("warm", "3"));
/** a folder: each server process writes the CPU profile of its measured window there (summarise with bench/cpuprofile-top.mjs) */
const PROFILE = arg("profile", "");
/** another checkout whose Jindou runs as a third server ("before") */
const BEFORE = arg("before", "");
/** also run the Fastify floor (bench/fastify-floor.ts): the bare reference's logic in a plain Fastify server */
const FLOOR = process.argv.includes("--floor");
/** the old case: every deal on one rep and one customer (see setup) */
const HOT = process.argv.includes("--hot");
const OWNERS = Number(arg("owners", "20"));
const CUSTOMERS = Number(arg("customers", "100"));
const engines: DbKind[] = arg("engine", "both") === "both" ? ["sqlite", "postgres"] : [arg("engine", "sqlite") as DbKind];

/**
 * The bench's deals: CLIENTS × 2 opportunities in the first open stage. Spread (the default) as a company's are: over
 * OWNERS reps (each with their own API token, each client moving its deal as its owner) and CUSTOMERS customers (deal i
 * of customer i mod CUSTOMERS, owned by rep i mod OWNERS), with close dates over six months, so concurrent moves touch
 * different customers' deal facts, owners' roll-up rows and forecast cells, as real traffic does. `--hot`: the old
 * case, every deal on one rep and one customer with no close date, so every move re-derives the same rows.
 */
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
  const owners = [ids.rep];
  for (let r = 1; r < (HOT ? 1 : OWNERS); r++) {
    const { id } = await h.db
      .insertInto("users")
      .values({
        email: `bench-rep-${r}@test.jindou`,
        name: `bench rep ${r}`,
        password_hash: "x",
        role: "rep",
        team_id: ids.teamA,
        locale: "zh-CN",
        active: 1,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    owners.push(id);
  }
  const customers: number[] = [];
  for (let c = 0; c < (HOT ? 1 : CUSTOMERS); c++) {
    const { id } = await h.db
      .insertInto("customers")
      .values({ name: `bench ${c}`, name_norm: `bench ${c}`, owner_id: owners[c % owners.length], tags: "[]", created_at: now, updated_at: now } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    customers.push(id);
  }
  const opps: number[] = [];
  const oppOwners: number[] = [];
  for (let i = 0; i < CLIENTS * 2; i++) {
    const owner = owners[i % owners.length];
    const { id } = await h.db
      .insertInto("opportunities")
      .values({
        external_id: null,
        pipeline_id: p.id,
        stage_id: stages[0].id,
        customer_id: customers[i % customers.length],
        owner_id: owner,
        title: `bench ${i}`,
        amount_fen: 100_000_00 + i * 100,
        units: 1,
        product: null,
        expected_close_date: HOT ? null : `2027-0${1 + (i % 6)}-15`,
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
    oppOwners.push(owner);
  }
  // the read models of the rows inserted here (a move keeps them in step; its reach row, deal facts and forecast cell have to exist)
  await rebuildAll(h.db);
  // one token per owner; each client moves as its deal's owner
  const tokenOf = new Map<number, string>();
  for (const o of owners) tokenOf.set(o, await createApiToken(h.db, o, "bench", Date.now()));
  const tokens = oppOwners.map((o) => tokenOf.get(o)!);
  return { h, ids, stages, opps, tokens, owners: owners.length, customers: customers.length };
}

/** The load generator in a worker thread of this process against `base`; `ready` runs once its clients have read their opportunities. */
async function load(base: string, tokens: string[], opps: number[], backTo: number, ready: () => void) {
  const worker = new Worker(new URL("./http-load.mjs", import.meta.url), {
    workerData: { base, tokens: tokens.slice(0, CLIENTS), opps: opps.slice(0, CLIENTS), backTo, seconds: SECONDS, warmSeconds: WARM },
  });
  // the load generator's CPU: this process does nothing else during the window
  let cpu0 = process.cpuUsage();
  return new Promise<{ moves: number; errors: number; clientCpuMs: number }>((resolve, reject) => {
    worker.on("message", (m: { ready?: boolean; moves: number; errors: number }) => {
      if (m.ready) {
        ready();
        cpu0 = process.cpuUsage();
        worker.postMessage("go");
      } else {
        const c = process.cpuUsage(cpu0);
        resolve({ ...m, clientCpuMs: (c.user + c.system) / 1000 });
      }
    });
    worker.once("error", reject);
  });
}

interface Run {
  perSec: number;
  errors: number;
  /** CPU time of the server process per move (user + system), ms */
  cpuPerMove: number;
  /** event-loop delay p99 of the server's main thread, ms */
  p99: number;
  /** CPU time of the load generator per move, ms */
  clientCpuPerMove: number;
}

type Mode = "jindou" | "bare" | "before" | "fastify";
const MODES: Mode[] = ["jindou", "bare", ...(BEFORE ? (["before"] as const) : []), ...(FLOOR ? (["fastify"] as const) : [])];

/** One run: the server (Jindou, bare, or the other checkout's Jindou) in its own process on the database, the load from here; the server measures itself. */
async function serverRun(mode: Mode, kind: DbKind, location: string, tokens: string[], stages: { id: number }[], opps: number[]): Promise<Run> {
  const profile = PROFILE ? path.join(PROFILE, `${mode}-${kind}-${Date.now()}.cpuprofile`) : "";
  if (PROFILE) mkdirSync(PROFILE, { recursive: true });
  // argv as every version of move-server.ts reads it: mode, engine, database, two stage ids (older versions), profile
  const args = [mode === "before" ? "jindou" : mode, kind, location, String(stages[0].id), String(stages[1].id), ...(profile ? [profile] : [])];
  const script = mode === "before" ? path.join(BEFORE, "bench", "move-server.ts") : fileURLToPath(new URL("./move-server.ts", import.meta.url));
  const child = fork(script, args, { execArgv: ["--import", "tsx"], cwd: mode === "before" ? BEFORE : process.cwd() });
  const next = () => new Promise<Record<string, number> & { url?: string }>((resolve) => child.once("message", resolve as never));
  const exited = new Promise((r) => child.once("exit", r));
  const { url } = await next();
  const { moves, errors, clientCpuMs } = await load(url!, tokens, opps, stages[0].id, () => child.send({ cmd: "start" }));
  child.send({ cmd: "stop" });
  const { cpuMs, p99 } = await next();
  child.send({ cmd: "close" });
  await exited;
  return { perSec: moves / SECONDS, errors, cpuPerMove: cpuMs / Math.max(1, moves), p99, clientCpuPerMove: clientCpuMs / Math.max(1, moves) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The servers alternately on the same database, ROUNDS times each (who goes first rotates too). */
async function httpRuns(kind: DbKind) {
  const { h, stages, opps, tokens, owners, customers } = await setup(kind);
  const runs: Record<Mode, Run[]> = { jindou: [], bare: [], before: [], fastify: [] };
  for (let r = 0; r < ROUNDS; r++)
    for (let i = 0; i < MODES.length; i++) {
      const mode = MODES[(i + r) % MODES.length];
      runs[mode].push(await serverRun(mode, kind, h.location, tokens, stages, opps));
    }
  await h.drop();
  const summary = (mode: Mode) => ({
    perSec: median(runs[mode].map((r) => r.perSec)),
    cpuPerMove: median(runs[mode].map((r) => r.cpuPerMove)),
    p99: median(runs[mode].map((r) => r.p99)),
    clientCpuPerMove: median(runs[mode].map((r) => r.clientCpuPerMove)),
    errors: runs[mode].reduce((a, r) => a + r.errors, 0),
  });
  return { jindou: summary("jindou"), bare: summary("bare"), before: summary("before"), fastify: summary("fastify"), all: runs, owners, customers };
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
    // pool.end() resolves before its sockets close; the drop that follows terminates them, and an 'error' event with no
    // listener would end the benchmark (57P01 "terminating connection due to administrator command").
    pool.on("error", () => undefined);
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

console.log(
  `stage moves, ${CLIENTS} concurrent clients, ${ROUNDS} rounds of ${SECONDS} s per server (${MODES.join(", ")} in turn), ${WARM} s warm-up before each, medians; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(
  "| engine | Jindou moves/s | bare moves/s | ratio | Jindou CPU ms/move | bare CPU ms/move | CPU ratio (bare ÷ Jindou) | raw driver moves/s | errors (Jindou / bare) | event-loop p99 (Jindou / bare) |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const kind of engines) {
  const { jindou, bare, before, fastify, all, owners, customers } = await httpRuns(kind);
  console.error(`  ${kind}: ${CLIENTS * 2} deals over ${owners} owner(s) and ${customers} customer(s)${HOT ? " (--hot)" : ""}`);
  const summaryOf = (m: Mode) => ({ jindou, bare, before, fastify })[m].clientCpuPerMove;
  const raw = await rawRun(kind);
  for (const mode of MODES)
    console.error(
      `  ${kind} ${mode} rounds: ${all[mode].map((r) => `${r.perSec.toFixed(0)}/s ${r.cpuPerMove.toFixed(3)} ms (client ${r.clientCpuPerMove.toFixed(3)} ms)`).join(", ")}`,
    );
  console.log(
    `| ${kind} | ${jindou.perSec.toFixed(0)} | ${bare.perSec.toFixed(0)} | ${(jindou.perSec / bare.perSec).toFixed(3)} | ${jindou.cpuPerMove.toFixed(3)} | ${bare.cpuPerMove.toFixed(3)} | ${(bare.cpuPerMove / jindou.cpuPerMove).toFixed(3)} | ${raw.perSec.toFixed(0)} | ${jindou.errors} / ${bare.errors} | ${jindou.p99.toFixed(1)} / ${bare.p99.toFixed(1)} ms |`,
  );
  if (FLOOR)
    console.log(
      `| ${kind}, Fastify floor | ${fastify.perSec.toFixed(0)} | ${bare.perSec.toFixed(0)} | ${(fastify.perSec / bare.perSec).toFixed(3)} | ${fastify.cpuPerMove.toFixed(3)} | ${bare.cpuPerMove.toFixed(3)} | ${(bare.cpuPerMove / fastify.cpuPerMove).toFixed(3)} | | ${fastify.errors} / ${bare.errors} | ${fastify.p99.toFixed(1)} / ${bare.p99.toFixed(1)} ms |`,
    );
  console.log(`  load generator CPU ms/move (median): ${MODES.map((m) => `${m} ${summaryOf(m).toFixed(3)}`).join(", ")}`);
  if (BEFORE)
    console.log(
      `| ${kind}, before (${BEFORE}) | ${before.perSec.toFixed(0)} | ${bare.perSec.toFixed(0)} | ${(before.perSec / bare.perSec).toFixed(3)} | ${before.cpuPerMove.toFixed(3)} | ${bare.cpuPerMove.toFixed(3)} | ${(bare.cpuPerMove / before.cpuPerMove).toFixed(3)} | | ${before.errors} / ${bare.errors} | ${before.p99.toFixed(1)} / ${bare.p99.toFixed(1)} ms |`,
    );
}
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
process.exit(0);

/** `jindou serve`: migrate, fill a new database with demo data when asked, start the API + web app and the jobs. */
import type { Command } from "commander";
import { buildApp } from "../http/app";
import { startScheduler } from "../jobs/scheduler";
import { sweepInterruptedRuns } from "../import/run-liveness-store";
import { installDefaults } from "../pipelines/install";
import { DEMO_PASSWORD } from "../demo/people";
import { openForCli } from "./context";

export interface DemoFiller {
  (db: import("../db/connect").Db, now: number, log: (s: string) => void): Promise<void>;
}

export interface ServeOptions {
  port?: string;
  host?: string;
  database?: string;
  demoIfEmpty?: boolean;
}

/**
 * What only the benchmark entry (src/bench/serve.ts) passes: a clock every request sees, and something started once
 * the server listens (the event-loop delay lines), stopped with it. `jindou serve` passes none.
 */
export interface ServeInjections {
  now?: () => number;
  started?: () => () => void;
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the server as `jindou serve` does and answers its URL and a stop function (it does not exit the process). */
export async function startServe(opts: ServeOptions, fillDemo?: DemoFiller, inject: ServeInjections = {}): Promise<RunningServer> {
  const { handle, config } = await openForCli(opts.database);
  const log = (s: string) => console.log(s);
  await installDefaults(handle.db, Date.now());
  const anyUser = await handle.db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (!anyUser && opts.demoIfEmpty && fillDemo) {
    log("New database: generating demo data (team scale, seed 1)…");
    await fillDemo(handle.db, Date.now(), log);
  }
  const app = await buildApp({ handle, config, now: inject.now, logger: config.LOG_LEVEL !== "silent" && process.env.JINDOU_QUIET !== "1" });
  const port = Number(opts.port ?? config.PORT);
  const host = opts.host ?? config.HOST;
  await app.listen({ port, host });
  const stopJobs = config.JOBS === "1" ? startScheduler(handle.db, config, log) : () => {};
  const stopSweep = sweepInterruptedRuns(handle.db, log);
  const stopInjected = inject.started?.() ?? (() => {});
  const url = `http://localhost:${(app.server.address() as { port: number }).port}`;
  const demo = await handle.db.selectFrom("users").select(["email", "role"]).where("email", "like", "%@demo.jindou").orderBy("id").execute();
  const oneOf = (role: string) => demo.find((u) => u.role === role)?.email;
  console.log(`\n  Jindou 金豆 is running on ${handle.kind === "sqlite" ? "SQLite " + handle.location : "PostgreSQL"}`);
  console.log(`  ➜ ${url}          (API ${url}/api/v1, docs ${url}/api/docs)`);
  if (demo.length) {
    console.log(`  Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const role of ["admin", "manager", "rep"]) if (oneOf(role)) console.log(`    ${role.padEnd(8)} ${oneOf(role)}`);
  }
  const empty = !(await handle.db.selectFrom("users").select("id").limit(1).executeTakeFirst());
  if (empty) console.log(`  No users yet: open ${url} to create the first admin, organisation and pipeline (or run \`jindou init\`).`);
  console.log("");
  return {
    url,
    stop: async () => {
      stopJobs();
      stopSweep();
      stopInjected();
      await app.close();
      await handle.close();
    },
  };
}

export function serveCommand(program: Command, fillDemo?: DemoFiller, inject?: ServeInjections): void {
  program
    .command("serve")
    .description("start the web app and REST API")
    .option("--port <port>", "port (default PORT or 3000)")
    .option("--host <host>", "interface (default HOST or 0.0.0.0)")
    .option("--database <url>", "database URL (default DATABASE_URL or DATA_DIR/jindou.db)")
    .option("--demo-if-empty", "fill a new, empty database with demo data")
    .action(async (opts: ServeOptions) => {
      const server = await startServe(opts, fillDemo, inject);
      const stop = async () => {
        await server.stop();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}

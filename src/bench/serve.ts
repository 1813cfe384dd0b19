/**
 * Benchmark-only server entry, compiled to dist/bench/serve.js and never reached from the `jindou` command:
 * `node dist/bench/serve.js [--now <ISO instant>] [--event-loop-log <ms>] serve --database <url> …` runs the same
 * `jindou serve` (src/cli/serve.ts) with every request seeing that instant as "now" (the demo data ends at
 * 2026-06-30 and the benchmark references are written for that date) and event-loop delay lines on stdout
 * (src/bench/hooks.ts). bench/server-process.ts starts it.
 */
import { Command } from "commander";
import { serveCommand } from "../cli/serve";
import { benchServeArgs, fixedClock, startEventLoopLog } from "./hooks";

const args = benchServeArgs(process.argv.slice(2));
const program = new Command("jindou-bench-serve");
serveCommand(program, undefined, {
  now: args.now ? fixedClock(args.now) : undefined,
  started: args.loopMs === undefined ? undefined : () => startEventLoopLog(args.loopMs ?? 0),
});
program.parseAsync(["node", "jindou-bench-serve", ...args.rest]).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

/**
 * What the benchmark server entry (src/bench/serve.ts, docs/benchmarks.md) adds to `jindou serve`: event-loop delay
 * lines on stdout and a fixed clock. The production command has neither.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface LoopStats {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

const stats = (h: ReturnType<typeof monitorEventLoopDelay>): LoopStats => {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return h.count ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), n: h.count } : { p50: 0, p99: 0, max: 0, n: 0 };
};

/** The main thread's memory (MiB): the process's RSS (worker threads included) and this thread's V8 heap and buffers. */
export interface MainMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

function mainMemory(): MainMemory {
  const m = process.memoryUsage();
  const mib = (b: number) => Math.round(b / 2 ** 20);
  return { rss: mib(m.rss), heapUsed: mib(m.heapUsed), heapTotal: mib(m.heapTotal), external: mib(m.external), arrayBuffers: mib(m.arrayBuffers) };
}

/**
 * Samples the event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution) and prints one line
 * `event-loop {"t":…,"p50":…,"p99":…,"max":…,"n":…,"span":{…},"run":{…},"mem":{…}}` (milliseconds; `mem` in MiB, see MainMemory) every `everyMs` and on each
 * SIGUSR2: the top-level figures cover the time since the previous line, `span` the time since the previous SIGUSR2,
 * `run` the time since the first SIGUSR2 (since the start until one arrives). A client marks the start and end of
 * what it measures with SIGUSR2 and reads the `span` of the line that follows. Returns a stop function.
 */
export function startEventLoopLog(everyMs: number, write: (line: string) => void = (s) => process.stdout.write(`${s}\n`)): () => void {
  // Three monitors, each reset on its own schedule (an event-loop histogram cannot be added to another).
  const [interval, span, run] = [0, 1, 2].map(() => monitorEventLoopDelay({ resolution: 10 }));
  for (const h of [interval, span, run]) h.enable();
  let marked = false;
  const flush = (mark: boolean) => {
    write(`event-loop ${JSON.stringify({ t: Date.now(), mark, ...stats(interval), span: stats(span), run: stats(run), mem: mainMemory() })}`);
    interval.reset();
    if (mark) {
      span.reset();
      if (!marked) run.reset();
      marked = true;
    }
  };
  const timer = everyMs > 0 ? setInterval(() => flush(false), everyMs) : null;
  timer?.unref();
  const onSignal = () => flush(true);
  process.on("SIGUSR2", onSignal);
  return () => {
    if (timer) clearInterval(timer);
    process.off("SIGUSR2", onSignal);
    for (const h of [interval, span, run]) h.disable();
  };
}

/** A clock for buildApp that always answers the given ISO instant (every request sees it as "now"). */
export function fixedClock(iso: string): () => number {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new Error(`--now: not a date/time: ${iso}`);
  return () => t;
}

export interface BenchServeArgs {
  /** --now <ISO instant> */
  now?: string;
  /** --event-loop-log <ms> (0: a line only on SIGUSR2) */
  loopMs?: number;
  /** everything else, for the serve command */
  rest: string[];
}

/** Takes the benchmark entry's own flags (--now, --event-loop-log) out of its arguments; the rest go to `serve`. */
export function benchServeArgs(args: readonly string[]): BenchServeArgs {
  const out: BenchServeArgs = { rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--now" || a === "--event-loop-log") {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === "--now") out.now = v;
      else {
        out.loopMs = Number(v);
        if (!Number.isInteger(out.loopMs) || out.loopMs < 0) throw new Error(`--event-loop-log: not a whole number of ms: ${v}`);
      }
    } else out.rest.push(a);
  }
  return out;
}

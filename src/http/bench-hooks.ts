/**
 * Benchmark-only switches of `jindou serve`, off unless their environment variable is set (docs/benchmarks.md):
 * JINDOU_EVENT_LOOP_LOG=<ms> prints the event-loop delay to stdout, JINDOU_FIXED_NOW=<ISO instant> fixes the clock.
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

/**
 * Samples the event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution) and prints one line
 * `event-loop {"t":…,"p50":…,"p99":…,"max":…,"n":…,"span":{…},"run":{…}}` (milliseconds) every `everyMs` and on each
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
    write(`event-loop ${JSON.stringify({ t: Date.now(), mark, ...stats(interval), span: stats(span), run: stats(run) })}`);
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

/** JINDOU_FIXED_NOW as a clock for buildApp (every request sees that instant), or undefined when unset. */
export function fixedClock(env: NodeJS.ProcessEnv = process.env): (() => number) | undefined {
  const v = env.JINDOU_FIXED_NOW;
  if (!v) return undefined;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw new Error(`JINDOU_FIXED_NOW: not a date/time: ${v}`);
  return () => t;
}

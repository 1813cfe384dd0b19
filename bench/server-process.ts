/**
 * The production server as a child process for the HTTP benchmarks: the compiled `jindou serve` (dist/, after the
 * same prestart check that `npm start` runs) through the benchmark-only entry dist/bench/serve.js (src/bench/serve.ts),
 * which fixes the clock to the demo's "now" and switches on event-loop delay lines (src/bench/hooks.ts). Samples the child's own memory
 * from /proc/<pid>/status (VmRSS every 100 ms, VmHWM at the end; its worker threads share the process), and marks
 * event-loop spans with SIGUSR2.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LoopStats, MainMemory } from "../src/bench/hooks";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface LoopLine extends LoopStats {
  t: number;
  mark: boolean;
  span: LoopStats;
  run: LoopStats;
  /** the main thread's memory when the line was written (absent from servers built before it was added) */
  mem?: MainMemory;
}

export interface ServerProcess {
  pid: number;
  /** http://127.0.0.1:<port>/api/v1 */
  api: string;
  /** Ends the current event-loop span (SIGUSR2) and answers its figures. */
  mark(): Promise<LoopLine>;
  /** Every event-loop line so far (one a second, and one per mark). */
  lines: LoopLine[];
  /** Peak VmRSS sampled since the last resetPeak(), and the kernel's VmHWM (peak over the process's life). */
  memory(): { peakRss: number; hwm: number; threads: number };
  resetPeak(): void;
  stop(): Promise<void>;
}

/** Fields of /proc/<pid>/status in bytes (VmRSS, VmHWM) and the thread count. */
export function procStatus(pid: number): { rss: number; hwm: number; threads: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM"), threads: Number(/^Threads:\s+(\d+)/m.exec(s)?.[1] ?? 0) };
  } catch {
    return null;
  }
}

/** `npm start`'s prestart: builds the web app or recompiles dist/ only when missing or older than the sources. */
export function ensureBuilt(): void {
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "prestart.mjs")], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error("prestart failed: run npm run build");
}

/** `opts.root`: another checkout whose dist/ to run (e.g. an older commit built apart, for before/after in one run). */
export async function startServer(
  databaseUrl: string,
  opts: { now: string; label: string; env?: Record<string, string>; root?: string },
): Promise<ServerProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(opts.root ?? root, "dist", "bench", "serve.js"),
      ...["--now", opts.now, "--event-loop-log", "1000"],
      ...["serve", "--database", databaseUrl, "--port", "0", "--host", "127.0.0.1"],
    ],
    {
      cwd: opts.root ?? root,
      env: { ...process.env, JOBS: "0", JINDOU_QUIET: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const pid = child.pid ?? 0;
  const lines: LoopLine[] = [];
  const waiting: Array<(l: LoopLine) => void> = [];
  let exited: string | null = null;
  let peakRss = 0;
  let last = { rss: 0, hwm: 0, threads: 0 };
  const sample = () => {
    const s = procStatus(pid);
    if (!s) return;
    last = s;
    peakRss = Math.max(peakRss, s.rss);
  };
  const sampler = setInterval(sample, 100);
  const api = await new Promise<string>((resolve, reject) => {
    let buf = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith("event-loop ")) {
          const l = JSON.parse(line.slice(11)) as LoopLine;
          lines.push(l);
          if (l.mark) waiting.shift()?.(l);
          continue;
        }
        const m = /➜ (http:\/\/localhost:\d+)/.exec(line);
        if (m) resolve(`${m[1].replace("localhost", "127.0.0.1")}/api/v1`);
      }
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => process.stderr.write(chunk.replace(/^(?=.)/gm, `[${opts.label} server] `)));
    child.on("exit", (code, signal) => {
      exited = `server for ${opts.label} exited (${code ?? signal})`;
      reject(new Error(exited));
    });
  });
  console.error(
    `[${opts.label} server] pid ${pid} listening at ${api} after ${((performance.now() - started) / 1000).toFixed(1)} s (migrate and read-model check included)`,
  );
  return {
    pid,
    api,
    lines,
    mark: () =>
      new Promise<LoopLine>((resolve, reject) => {
        if (exited) return reject(new Error(exited));
        waiting.push(resolve);
        process.kill(pid, "SIGUSR2");
      }),
    memory: () => {
      sample();
      return { peakRss, hwm: last.hwm, threads: last.threads };
    },
    resetPeak: () => {
      peakRss = 0;
    },
    stop: async () => {
      clearInterval(sampler);
      if (exited) return;
      const gone = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      await gone;
    },
  };
}

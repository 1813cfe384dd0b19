/**
 * A bounded pool of worker threads for CPU-heavy work (model fits, scoring, large SQLite reads), so that no request
 * holds the event loop: tasks queue when every worker is busy; workers start on first use and never keep the process alive.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Transferable, Worker } from "node:worker_threads";
import { AppError, type ErrorCode, type ErrorParams } from "../core/errors";
import type { TaskInput, TaskName, TaskOutput } from "./tasks";

/** An AppError as a worker posts it back (compute.worker.ts). */
interface WorkerAppError {
  code: ErrorCode;
  field?: string;
  details?: unknown;
  params?: ErrorParams;
}

interface Job {
  id: number;
  task: TaskName;
  input: unknown;
  transfer: Transferable[];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}
interface Slot {
  worker: Worker;
  /** the jobs running there: one CPU task, or up to READS_PER_WORKER database reads */
  jobs: Map<number, Job>;
}

/**
 * Tasks that mostly wait for the database (the rows are parsed in the worker, a small part of their time): several
 * of them share one worker, so that reads a report needs at once (the CLV histories and the totals of two windows)
 * run side by side on the worker's connections, as they did on the main thread, instead of one after the other.
 * A CPU task (a fit, a scoring, a tiering report) has a worker to itself.
 */
const READS = new Set<string>(["clvHistories", "baseTotals"]);
const READS_PER_WORKER = 4;

/** The worker script: dist/workers/compute.worker.js when running compiled, else the TypeScript source through tsx. */
function workerScript(): { file: string; eval: boolean } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let root = here;
  while (!existsSync(path.join(root, "package.json")) && path.dirname(root) !== root) root = path.dirname(root);
  const compiled = !import.meta.url.endsWith(".ts");
  return compiled
    ? { file: path.join(root, "dist", "workers", "compute.worker.js"), eval: false }
    : {
        file: `import(${JSON.stringify(tsxApi())}).then((t) => { t.register(); return import(${JSON.stringify(pathToFileURL(path.join(root, "src", "workers", "compute.worker.ts")).href)}); })`,
        eval: true,
      };
}

/** tsx's register API, resolved from here so that the eval'd worker finds it whatever the working directory. */
function tsxApi(): string {
  try {
    return import.meta.resolve?.("tsx/esm/api") ?? "tsx/esm/api";
  } catch {
    return "tsx/esm/api";
  }
}

export class WorkerPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  /** tasks started, for tests and /health */
  started = 0;
  /** tasks started by name, for tests */
  readonly startedByTask: Record<string, number> = {};

  /** `reads`: the task names that may share a worker (READS; tests pass their own) */
  constructor(
    readonly size: number,
    private readonly reads: ReadonlySet<string> = READS,
  ) {}

  run<T extends TaskName>(task: T, input: TaskInput<T>, transfer: Transferable[] = []): Promise<TaskOutput<T>> {
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, input, transfer, resolve: resolve as (v: unknown) => void, reject };
      this.queue.push(job);
      this.pump();
    });
  }

  /** tasks waiting or running */
  get pending(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + s.jobs.size, 0);
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length) {
      const read = this.reads.has(this.queue[0].task);
      let slot = this.slots.find((s) => s.jobs.size === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot && read) slot = this.slots.find((s) => s.jobs.size < READS_PER_WORKER && [...s.jobs.values()].every((j) => this.reads.has(j.task)));
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.jobs.set(job.id, job);
      this.started++;
      this.startedByTask[job.task] = (this.startedByTask[job.task] ?? 0) + 1;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task, input: job.input }, job.transfer);
    }
  }

  private spawn(): Slot {
    const script = workerScript();
    const heapMb = workerHeapMb();
    const worker = new Worker(script.file, { eval: script.eval, ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}) });
    const slot: Slot = { worker, jobs: new Map() };
    worker.on("message", (m: { id: number; result?: unknown; error?: string; app?: WorkerAppError }) => {
      const job = slot.jobs.get(m.id);
      slot.jobs.delete(m.id);
      if (slot.jobs.size === 0) worker.unref();
      if (job)
        m.error !== undefined
          ? job.reject(m.app ? new AppError(m.app.code, m.error, m.app.field, m.app.details, m.app.params) : new Error(m.error))
          : job.resolve(m.result);
      this.pump();
    });
    const fail = (e: Error) => {
      this.slots = this.slots.filter((s) => s !== slot);
      for (const job of slot.jobs.values()) job.reject(e);
      slot.jobs.clear();
      this.pump();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (this.slots.includes(slot)) fail(new Error(`worker exited with code ${code}`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

/**
 * WORKER_HEAP_MB: the old-generation limit of each worker's V8 heap (unset: V8's default, a quarter of the machine's
 * memory up to 4 GiB). V8 lets a heap grow to a multiple of its live size before a full collection, and the multiple
 * falls with the limit, so a lower limit keeps the garbage of a large report from staying resident.
 */
function workerHeapMb(): number | undefined {
  const v = Number(process.env.WORKER_HEAP_MB);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

let shared: WorkerPool | null = null;

/** The process's pool: WORKERS threads (default: one per core but one, at least one). */
export function computePool(): WorkerPool {
  const n = Number(process.env.WORKERS) || Math.max(1, availableParallelism() - 1);
  return (shared ??= new WorkerPool(n));
}

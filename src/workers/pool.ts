/**
 * A bounded pool of worker threads for CPU-heavy work (model fits, scoring, large SQLite reads), so that no request
 * holds the event loop: tasks queue when every worker is busy; workers start on first use and never keep the process alive.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Transferable, Worker } from "node:worker_threads";
import type { TaskInput, TaskName, TaskOutput } from "./tasks";

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
  job: Job | null;
}

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

  constructor(readonly size: number) {}

  run<T extends TaskName>(task: T, input: TaskInput<T>, transfer: Transferable[] = []): Promise<TaskOutput<T>> {
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, input, transfer, resolve: resolve as (v: unknown) => void, reject };
      this.queue.push(job);
      this.pump();
    });
  }

  /** tasks waiting or running */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      this.started++;
      this.startedByTask[job.task] = (this.startedByTask[job.task] ?? 0) + 1;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task, input: job.input }, job.transfer);
    }
  }

  private spawn(): Slot {
    const script = workerScript();
    const worker = new Worker(script.file, { eval: script.eval });
    const slot: Slot = { worker, job: null };
    worker.on("message", (m: { id: number; result?: unknown; error?: string }) => {
      const job = slot.job;
      slot.job = null;
      worker.unref();
      if (job && job.id === m.id) m.error !== undefined ? job.reject(new Error(m.error)) : job.resolve(m.result);
      this.pump();
    });
    const fail = (e: Error) => {
      this.slots = this.slots.filter((s) => s !== slot);
      slot.job?.reject(e);
      slot.job = null;
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

let shared: WorkerPool | null = null;

/** The process's pool: WORKERS threads (default: one per core but one, at least one). */
export function computePool(): WorkerPool {
  const n = Number(process.env.WORKERS) || Math.max(1, availableParallelism() - 1);
  return (shared ??= new WorkerPool(n));
}

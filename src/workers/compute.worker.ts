/** The worker thread of the compute pool: runs one named task at a time from src/workers/tasks.ts and posts the result back. */
import { parentPort } from "node:worker_threads";
import { AppError } from "../core/errors";
import { runTask } from "./tasks";

parentPort!.on("message", async (m: { id: number; task: string; input: unknown }) => {
  try {
    const { result, transfer } = await runTask(m.task, m.input);
    parentPort!.postMessage({ id: m.id, result }, transfer);
  } catch (e) {
    // an AppError keeps its code, field and parameters across the thread, so the route still answers 4xx with them
    const app = e instanceof AppError ? { code: e.code, field: e.field, details: e.details, params: e.params } : undefined;
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e), app });
  }
});

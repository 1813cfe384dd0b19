/**
 * The Friday view off the event loop: its queries' rows (the period's forecast lines, the week's moves and lists) are
 * parsed and shaped in a compute worker, on the worker's own connection in one report transaction, and only the
 * answer comes back — at enterprise scale that work held the main thread for seconds (docs/benchmarks.md). A database
 * the worker cannot open (SQLite in memory, WORKERS=0) runs the view here.
 */
import type { Period } from "../core/dates";
import type { Db } from "../db/connect";
import { inReportTx } from "../db/report-tx";
import type { Viewer } from "../access/viewer";
import { fridayView } from "../forecast/reports";
import { computePool } from "./pool";
import { offLoopLocation, workerDb } from "./worker-db";

export interface FridayInput {
  viewer: Viewer;
  period: Period;
  now: number;
  tz: string;
  opts: { changes?: number; quietDays?: number };
  workMem: string;
}

const run = (db: Db, i: FridayInput) => inReportTx(db, i.workMem, (tx) => fridayView(tx as Db, i.viewer, i.period, i.now, i.tz, i.opts));

/** The view, computed in the compute pool when the database can be opened there, else here. */
export function fridayViewOffLoop(db: Db, i: FridayInput): Promise<Awaited<ReturnType<typeof fridayView>>> {
  const location = offLoopLocation(db);
  if (!location) return run(db, i);
  return computePool().run("fridayView", { ...i, location });
}

/** Worker side: on the worker's own handle of the database. */
export const runFridayView = (i: FridayInput & { location: string }) => run(workerDb(i.location), i);

/**
 * The tiering reports (Pareto, pyramid, grades, RFM, KAISM, key accounts, priority) off the event loop: their
 * per-customer aggregates arrive as one row per customer (200,000 at enterprise scale) and the ranking, grading and
 * quadrant placement run over all of them in JavaScript — so the whole report runs in a compute worker on the
 * worker's own connection to the same database, and only the answer (its first `limit` places) comes back.
 * A database the worker cannot open (SQLite in memory) runs the report inline.
 */
import { dbLocation } from "../db/connect";
import type { Db } from "../db/connect";
import * as reports from "../tiering/reports";
import { computePool } from "./pool";
import { workerDb } from "./worker-db";

export type TieringReportName = "pareto" | "pyramid" | "grades" | "rfm" | "kaism" | "key-accounts" | "priority";
type Input = Omit<reports.ReportInput, "db">;

async function build(db: Db, name: TieringReportName, input: Input, pick: reports.KeyAccountPick): Promise<unknown> {
  const i = { ...input, db };
  switch (name) {
    case "pareto":
      return reports.paretoReport(i);
    case "pyramid":
      return reports.pyramidReport(i);
    case "grades":
      return reports.gradesReport(i);
    case "rfm":
      return reports.rfmReport(i);
    case "kaism":
      return reports.kaismReport(i);
    case "key-accounts":
      return reports.keyAccountsReport(i, pick);
    case "priority": {
      const { all: _all, ...r } = await reports.priorityReport(i);
      return r;
    }
  }
}

/** The report's answer, computed in the compute pool when the database can be opened there, else here. */
export function tieringReport(db: Db, name: TieringReportName, input: reports.ReportInput, pick: reports.KeyAccountPick = {}): Promise<unknown> {
  const at = dbLocation(db);
  const { db: _db, ...rest } = input;
  if (!at || process.env.WORKERS === "0") return build(db, name, rest, pick);
  return computePool().run("tieringReport", { location: at.location, name, input: rest, pick });
}

/** Worker side: on the worker's own handle of the database (its shared per-customer aggregates live with it). */
export function runTieringReport(i: { location: string; name: TieringReportName; input: Input; pick: reports.KeyAccountPick }): Promise<unknown> {
  return build(workerDb(i.location), i.name, i.input, i.pick);
}

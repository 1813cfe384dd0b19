/**
 * The tiering reports (Pareto, pyramid, grades, RFM, KAISM, key accounts, priority) off the event loop: their
 * per-customer aggregates arrive as one row per customer (200,000 at enterprise scale) and the ranking, grading and
 * quadrant placement run over all of them in JavaScript — so the whole report runs in a compute worker on the
 * worker's own connection to the same database, and only the answer (its first `limit` places) comes back.
 * A database the worker cannot open (SQLite in memory) runs the report inline.
 */
import { type DbHandle, dbLocation, openDb } from "../db/connect";
import type { Db } from "../db/connect";
import * as reports from "../tiering/reports";
import { computePool } from "./pool";

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

/** Worker side: one handle per database for the worker's lifetime (its shared per-customer aggregates live with it). */
const handles = new Map<string, DbHandle>();

export function runTieringReport(i: { location: string; name: TieringReportName; input: Input; pick: reports.KeyAccountPick }): Promise<unknown> {
  let h = handles.get(i.location);
  if (!h) handles.set(i.location, (h = openDb(i.location)));
  return build(h.db, i.name, i.input, i.pick);
}

/** Reports the CLI can print (`jindou report <name>`). Add one entry per report; each returns plain rows. */
import type { Config } from "../config";
import type { Db } from "../db/connect";
import type { Viewer } from "../access/viewer";
import type { ReportNeed } from "../init/state-store";
import { accuracyReportCommand, forecastReportCommand, fridayReportCommand } from "../forecast/cli";
import { commissionReportCommand, receivablesReportCommand, signedCustomersReportCommand } from "../cash/cli";
import { funnelReportCommands } from "../funnel/cli";
import { planningReportCommands } from "../planning/cli";
import { tieringReportCommands } from "../tiering/cli";
import { valueReportCommands } from "../value/cli";
import { productsReportCommand } from "../products/cli";

export interface ReportContext {
  db: Db;
  config: Config;
  now: number;
  /** the CLI runs as an admin viewer unless --as <email> is given */
  viewer: Viewer;
  /** raw option values, by the names declared in `options` */
  opts: Record<string, string | undefined>;
}

export interface ReportResult {
  /** one object per table row, keys are the columns in order */
  rows: Array<Record<string, unknown>>;
  /** printed above the table */
  title?: string;
  /** what --format json prints (defaults to rows) */
  json?: unknown;
}

export interface ReportCommand {
  name: string;
  description: string;
  /** extra options as [flags, description, default], e.g. ["--period <key>", "2026-Q4 or 2026-11"] */
  options?: Array<[string, string, string?]>;
  run(ctx: ReportContext): Promise<ReportResult>;
}

export const reports: ReportCommand[] = [
  forecastReportCommand,
  fridayReportCommand,
  accuracyReportCommand,
  receivablesReportCommand,
  commissionReportCommand,
  signedCustomersReportCommand,
  ...funnelReportCommands,
  ...planningReportCommands,
  ...tieringReportCommands,
  ...valueReportCommands,
  productsReportCommand,
];

/** What each report reads, so an empty database gets one line saying what to import first. */
export const reportNeeds = new Map<string, ReportNeed>([
  ...[forecastReportCommand, fridayReportCommand, accuracyReportCommand, ...funnelReportCommands, ...planningReportCommands].map(
    (c) => [c.name, "opportunities"] as const,
  ),
  ...[receivablesReportCommand, commissionReportCommand, signedCustomersReportCommand].map((c) => [c.name, "contracts"] as const),
  ...[...tieringReportCommands, ...valueReportCommands].map((c) => [c.name, "orders"] as const),
]);

/** Scheduled jobs. Add one entry per job; the scheduler runs each once per run key across all instances. */
import type { Config } from "../config";
import type { Db } from "../db/connect";
import { forecastSnapshotJob } from "./forecast-snapshot";
import { retierJob } from "../tiering/job";
import { poolReclaimJob } from "../pools/job";
import { winModelRetrainJob, winModelScoreJob } from "../forecast/job";

export interface JobContext {
  db: Db;
  config: Config;
  now: number;
}

export interface Job {
  name: string;
  /** croner pattern in the organisation's time zone, e.g. "0 18 * * 4" (Thursdays 18:00) */
  cron: (config: Config) => string;
  /** identifies one run, e.g. the ISO week; a second instance with the same key skips */
  runKey: (ctx: JobContext) => string;
  run: (ctx: JobContext) => Promise<unknown>;
}

export const jobs: Job[] = [forecastSnapshotJob, retierJob, poolReclaimJob, winModelRetrainJob, winModelScoreJob];

/** The weekly forecast snapshot (F2, "每周四"): every scope's forecast for the current month and quarter, once per ISO week. */
import { periodOf } from "../core/dates";
import { takeSnapshot } from "../forecast/store";
import type { Job } from "./registry";

/** Thursdays 18:00 in the organisation's zone unless FORECAST_SNAPSHOT_CRON says otherwise. */
export const DEFAULT_SNAPSHOT_CRON = "0 18 * * 4";

export const forecastSnapshotJob: Job = {
  name: "forecast-snapshot",
  cron: (config) => config.FORECAST_SNAPSHOT_CRON || DEFAULT_SNAPSHOT_CRON,
  runKey: (ctx) => periodOf("week", ctx.now, ctx.config.TZ_ORG).key,
  run: (ctx) => takeSnapshot(ctx.db, ctx.now, ctx.config.TZ_ORG),
};

/** Scheduled win-model work: a nightly retrain, and every hour a prediction for each open deal created since. */
import { localDate } from "../core/dates";
import type { Job } from "../jobs/registry";
import { retrainIfEnough, scoreNewDeals } from "./model-store";

export const winModelRetrainJob: Job = {
  name: "win-model-retrain",
  cron: () => "30 2 * * *",
  runKey: (ctx) => localDate(ctx.now, ctx.config.TZ_ORG),
  run: (ctx) => retrainIfEnough(ctx.db, ctx.now),
};

export const winModelScoreJob: Job = {
  name: "win-model-score-new",
  cron: () => "5 * * * *",
  runKey: (ctx) => new Date(ctx.now).toISOString().slice(0, 13),
  run: (ctx) => scoreNewDeals(ctx.db, ctx.now),
};

/** The nightly re-tiering job (02:30 in the organisation's zone), once per local date across instances. */
import { localDate } from "../core/dates";
import type { Job } from "../jobs/registry";
import { retier } from "./retier";

export const retierJob: Job = {
  name: "retier",
  cron: () => "30 2 * * *",
  runKey: ({ now, config }) => localDate(now, config.TZ_ORG),
  run: ({ db, now, config }) => retier(db, now, config.TZ_ORG),
};

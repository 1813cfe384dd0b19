/** Starts every registered job on its cron pattern (croner), each run claimed through runOnce. */
import { hostname } from "node:os";
import { Cron } from "croner";
import type { Config } from "../config";
import type { Db } from "../db/connect";
import { runOnce } from "./lock";
import { jobs } from "./registry";

export function startScheduler(db: Db, config: Config, log: (msg: string) => void): () => void {
  const instance = `${hostname()}:${process.pid}`;
  const crons = jobs.map(
    (job) =>
      new Cron(job.cron(config), { timezone: config.TZ_ORG, protect: true }, async () => {
        const ctx = { db, config, now: Date.now() };
        try {
          const out = await runOnce(db, job.name, job.runKey(ctx), instance, Date.now, () => job.run(ctx));
          log(`job ${job.name}: ${out.ran ? "ran" : "skipped (another instance ran it)"}`);
        } catch (err) {
          log(`job ${job.name} failed: ${String(err)}`);
        }
      }),
  );
  return () => crons.forEach((c) => c.stop());
}

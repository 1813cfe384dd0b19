/** `jindou rebuild <model>|all [--check]`: re-derives read models from the source of truth, with a progress bar and rows/s. */
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { openForCli } from "../cli/context";
import { withModelLock } from "./build-lock";
import { MODELS, type ModelName, modelRows, rebuild } from "./rebuild";

export function rebuildCommand(program: Command): void {
  program
    .command("rebuild")
    .description(`rebuild read models from the source of truth: ${MODELS.join(" | ")} | all`)
    .argument("<model>", `${MODELS.join(" | ")} | all`)
    .option("--database <url>", "database URL (default DATABASE_URL or DATA_DIR/jindou.db)")
    .option("--check", "compare the stored model with its rebuild and say whether they are equal (rolls back)")
    .action(async (model: string, o: { database?: string; check?: boolean }) => {
      const chosen: ModelName[] = model === "all" ? [...MODELS] : MODELS.includes(model as ModelName) ? [model as ModelName] : [];
      if (!chosen.length) throw new Error(`model must be one of ${MODELS.join(", ")}, all`);
      const { handle, config } = await openForCli(o.database);
      const bar = new cliProgress.SingleBar(
        { format: "{model} [{bar}] {percentage}% | {duration_formatted}", hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      try {
        for (const m of chosen) {
          const started = performance.now();
          bar.start(1, 0, { model: m.padEnd(7) });
          const before = o.check ? await modelRows(handle.db, m) : [];
          let rows = 0;
          let same: boolean | null = null;
          // under the model's build lock: a server starting meanwhile waits, then finds the model current
          await withModelLock(handle.db, m, async (tx) => {
            rows = await rebuild(tx, m, {
              tz: config.TZ_ORG,
              onProgress: (_, done, total) => {
                bar.setTotal(Math.max(1, total));
                bar.update(done);
              },
            });
            if (o.check) {
              same = JSON.stringify(before) === JSON.stringify(await modelRows(tx, m));
              throw new CheckDone();
            }
          }).catch((e) => {
            if (!(e instanceof CheckDone)) throw e;
          });
          bar.stop();
          const secs = (performance.now() - started) / 1000;
          const verdict = same === null ? "" : same ? " — equal to its rebuild" : " — DIFFERS from its rebuild";
          console.log(
            `${m}: ${rows.toLocaleString("en-US")} rows in ${secs.toFixed(1)} s (${Math.round(rows / Math.max(secs, 0.001)).toLocaleString("en-US")} rows/s)${verdict}`,
          );
          if (same === false) process.exitCode = 1;
        }
      } finally {
        bar.stop();
        await handle.close();
      }
    });
}

class CheckDone extends Error {}

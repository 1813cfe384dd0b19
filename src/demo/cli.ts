/** `jindou demo --scale tiny|team|enterprise --seed N [--database URL] [--now YYYY-MM-DD]`, with a progress bar. */
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { openForCli } from "../cli/context";
import type { Db } from "../db/connect";
import { generateDemo } from "./generate";
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from "./people";
import { type DemoScale, SCALES } from "./scale";

const PHASES: Record<string, string> = {
  people: "用户与团队 users",
  opportunities: "商机与阶段事件 deals",
  orders: "订单 orders",
  customers: "客户与联系人 customers",
  finishing: "收尾 finishing",
};

export function demoCommand(program: Command): void {
  program
    .command("demo")
    .description("fill an empty database with seeded demo or benchmark data")
    .option("--scale <scale>", "tiny | team | enterprise", "team")
    .option("--seed <n>", "random seed: the same seed gives the same data", "1")
    .option("--database <url>", "database URL (default DATABASE_URL or DATA_DIR/jindou.db)")
    .option("--now <date>", "end of the generated history, YYYY-MM-DD (default: now)")
    .action(async (o: { scale: string; seed: string; database?: string; now?: string }) => {
      if (!(o.scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(", ")}`);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
      const now = o.now ? Date.parse(`${o.now}T12:00:00+08:00`) : Date.now();
      if (Number.isNaN(now)) throw new Error("--now must be a date YYYY-MM-DD");
      const { handle } = await openForCli(o.database);
      const bar = new cliProgress.SingleBar(
        {
          format: "{phase} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}",
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      let phase = "";
      const started = performance.now();
      try {
        bar.start(1, 0, { phase: "" });
        const { rows } = await generateDemo(handle.db, {
          scale: o.scale as DemoScale,
          seed,
          now,
          onProgress: (p, done, total) => {
            if (p !== phase) {
              phase = p;
              bar.setTotal(Math.max(1, total));
            }
            bar.update(done, { phase: (PHASES[p] ?? p).padEnd(20) });
          },
        });
        bar.stop();
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        const total = Object.values(rows).reduce((a, b) => a + b, 0);
        console.log(`\n${total.toLocaleString("en-US")} rows in ${secs} s on ${handle.kind} (${o.scale}, seed ${seed}):`);
        for (const [t, n] of Object.entries(rows).sort((a, b) => b[1] - a[1])) console.log(`  ${t.padEnd(18)} ${n.toLocaleString("en-US").padStart(12)}`);
        console.log(`\nDemo logins (password ${DEMO_PASSWORD}): admin@${DEMO_EMAIL_DOMAIN}, manager1@${DEMO_EMAIL_DOMAIN}, rep1@${DEMO_EMAIL_DOMAIN}`);
      } catch (e) {
        bar.stop();
        process.exitCode = 1;
        console.error(`demo failed: ${(e as Error).message}`);
      } finally {
        await handle.close();
      }
    });
}

/** For `serve --demo-if-empty`: team-scale data, seed 1, ending now. */
export async function fillTeamDemo(db: Db, now: number, log: (s: string) => void): Promise<void> {
  const started = performance.now();
  const { rows } = await generateDemo(db, { scale: "team", seed: 1, now });
  log(
    `Demo data ready: ${rows.customers} customers, ${rows.opportunities} opportunities, ${rows.orders} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

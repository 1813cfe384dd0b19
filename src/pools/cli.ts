/** `jindou pool reclaim [--dry-run]` and `jindou user offboard --email … --to …`. */
import type { Command } from "commander";
import { hostname } from "node:os";
import { openForCli } from "../cli/context";
import { localDate } from "../core/dates";
import { runOnce } from "../jobs/lock";
import { offboardUser } from "../transfers/transfer-store";
import { poolReclaimJob, runReclaim, type ReclaimResult } from "./job";

function printReclaim(r: ReclaimResult): void {
  const head = r.dryRun ? "dry run, nothing changed" : `batch ${r.batchId}`;
  console.log(
    `${head}: ${r.assessed} owned customers assessed, ${r.reclaimed.length} ${r.dryRun ? "would return" : "returned"} to the pool, ${r.warned.length} ${r.dryRun ? "would be" : ""} warned`.replace(
      /\s+/g,
      " ",
    ),
  );
  for (const i of r.reclaimed) console.log(`  reclaim  customer #${i.customerId}  owner #${i.ownerId}  pool #${i.poolId}  rule ${i.rule}  due ${i.dueDate}`);
  for (const i of r.warned)
    console.log(`  warn     customer #${i.customerId}  owner #${i.ownerId}  pool #${i.poolId}  rule ${i.rule}  ${i.daysLeft} day(s) left, due ${i.dueDate}`);
}

export function poolCommand(program: Command): void {
  const pool = program.command("pool").description("customer pools (公海): reclaim due customers [--dry-run]");
  pool
    .command("reclaim")
    .description("return due customers to their pools and warn owners (once per day across instances)")
    .option("--dry-run", "list what would happen, change nothing")
    .option("--again", "run even if today's run already happened")
    .option("--database <url>")
    .action(async (o: { dryRun?: boolean; again?: boolean; database?: string }) => {
      const { handle, config } = await openForCli(o.database);
      try {
        const now = Date.now();
        if (o.dryRun) {
          printReclaim(await runReclaim(handle.db, now, config.TZ_ORG, { dryRun: true }));
          return;
        }
        const key = o.again ? `${localDate(now, config.TZ_ORG)}:manual:${now}` : poolReclaimJob.runKey({ db: handle.db, config, now });
        const out = await runOnce(handle.db, poolReclaimJob.name, key, `${hostname()}:${process.pid}:cli`, Date.now, () =>
          runReclaim(handle.db, now, config.TZ_ORG),
        );
        if (!out.ran) console.log(`today's reclaim (${key}) already ran; pass --again to run once more`);
        else printReclaim(out.result);
      } finally {
        await handle.close();
      }
    });
}

export function offboardCommand(user: Command): void {
  user
    .command("offboard")
    .description("hand a leaving user's customers, opportunities and activities to another user, then deactivate them")
    .requiredOption("--email <email>", "the leaving user")
    .requiredOption("--to <email>", "who receives the book")
    .option("--database <url>")
    .action(async (o: { email: string; to: string; database?: string }) => {
      const { handle } = await openForCli(o.database);
      try {
        const find = (e: string) => handle.db.selectFrom("users").select(["id", "active"]).where("email", "=", e.trim().toLowerCase()).executeTakeFirst();
        const [from, to] = await Promise.all([find(o.email), find(o.to)]);
        if (!from) {
          console.error(`--email: no user ${o.email}`);
          process.exitCode = 1;
          return;
        }
        if (!to) {
          console.error(`--to: no user ${o.to}`);
          process.exitCode = 1;
          return;
        }
        const r = await offboardUser(handle.db, null, from.id, to.id, Date.now());
        console.log(
          `offboarded ${o.email} → ${o.to} (batch ${r.batchId}): ${r.customers} customers, ${r.opportunities} opportunities, ${r.activities} activities, ${r.roles} manager/admin seats; account deactivated`,
        );
      } catch (e) {
        console.error(`offboarding failed, nothing changed: ${(e as Error).message}`);
        process.exitCode = 1;
      } finally {
        await handle.close();
      }
    });
}

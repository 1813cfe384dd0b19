/**
 * `jindou init`: sets up an empty database for a real team (first admin, organisation, time zone, currency, first
 * pipeline from a template or from scratch) — no demo data. Asks for what the flags do not give when run in a terminal.
 */
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { openForCli } from "../cli/context";
import { AppError } from "../core/errors";
import { TEMPLATES } from "../pipelines/templates";
import { runSetup, type SetupInput } from "./setup-store";

interface InitOpts {
  database?: string;
  org?: string;
  timeZone?: string;
  currency?: string;
  email?: string;
  name?: string;
  password?: string;
  pipeline?: string;
  stages?: string;
  pipelineName?: string;
}

const DEAL_TEMPLATES = TEMPLATES.filter((t) => t.kind === "deal").map((t) => t.key);

export function initCommand(program: Command): void {
  program
    .command("init")
    .description("set up a new database for your team: first admin, organisation, time zone, currency, first pipeline (no demo data)")
    .option("--database <url>", "SQLite file or postgres:// URL (default: DATABASE_URL / data/jindou.db)")
    .option("--org <name>", "organisation name")
    .option("--time-zone <tz>", "time zone months and weeks are cut in", "Asia/Shanghai")
    .option("--currency <code>", "CNY (shown with 万) | USD | EUR | GBP | HKD | JPY | SGD | TWD | AUD | CAD", "CNY")
    .option("--email <email>", "the first admin's e-mail")
    .option("--name <name>", "the first admin's name")
    .option("--password <password>", "the first admin's password (at least 8 characters; or JINDOU_ADMIN_PASSWORD)")
    .option("--pipeline <template>", `first pipeline from a template: ${DEAL_TEMPLATES.join(" | ")} (default crm5), or a key for --stages`)
    .option("--stages <list>", 'a pipeline from scratch: its open stages in order, e.g. "Prospecting,Engaging,Proposal" (Won and Lost are added)')
    .option("--pipeline-name <name>", "name of the pipeline from scratch")
    .action(async (o: InitOpts) => {
      const ask = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : null;
      const need = async (v: string | undefined, question: string, flag: string) => {
        if (v) return v;
        if (!ask) throw new Error(`jindou init needs ${flag} (or run it in a terminal to be asked)`);
        return (await ask.question(question)).trim();
      };
      try {
        const input: SetupInput = {
          orgName: await need(o.org, "Organisation name 公司名称: ", "--org"),
          timeZone: o.timeZone ?? "Asia/Shanghai",
          currency: (o.currency ?? "CNY").toUpperCase(),
          admin: {
            email: await need(o.email, "Admin e-mail 管理员邮箱: ", "--email"),
            name: await need(o.name, "Admin name 管理员姓名: ", "--name"),
            password: await need(o.password ?? process.env.JINDOU_ADMIN_PASSWORD, "Admin password 密码 (8+): ", "--password"),
          },
          pipeline: o.stages ? { key: o.pipeline, name: o.pipelineName, stages: o.stages.split(/[,，;；]/) } : { template: o.pipeline ?? "crm5" },
        };
        const { handle } = await openForCli(o.database);
        try {
          const r = await runSetup(handle.db, input, Date.now());
          console.log(
            `Jindou is set up on ${handle.kind === "sqlite" ? handle.location : "PostgreSQL"}: ${input.orgName}, admin ${input.admin.email}, pipeline ${r.pipelineKey}, ${input.currency}, ${input.timeZone}.`,
          );
          console.log(
            "Next: import your data (jindou import users|customers|opportunities <file>, templates at /api/v1/import/templates/<kind>.xlsx), then jindou serve.",
          );
        } finally {
          await handle.close();
        }
      } catch (e) {
        console.error(e instanceof AppError ? `jindou init: ${e.field ? e.field + ": " : ""}${e.message}` : (e as Error).message);
        process.exitCode = 1;
      } finally {
        ask?.close();
      }
    });
}

/** The `jindou` command line: serve, migrate, demo, import, export, report, backup, restore, user, token. */
import { Command } from "commander";
import { demoCommand, fillTeamDemo } from "../demo/cli";
import { exportCommand } from "../export/cli";
import { importCommand } from "../import/cli";
import { adminCommands } from "./admin";
import { reportCommand } from "./report";
import { serveCommand } from "./serve";
import { modelCommand } from "../forecast/cli";
import { retierCommand } from "../tiering/on-demand";

const program = new Command("jindou").description("Jindou 金豆 — sales funnel and key-account CRM").showHelpAfterError();
serveCommand(program, fillTeamDemo);
demoCommand(program);
importCommand(program);
exportCommand(program);
adminCommands(program);
reportCommand(program);
modelCommand(program);
retierCommand(program);

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

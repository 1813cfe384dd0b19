/** The `jindou` command line: init, serve, migrate, demo, import, export, report, backup, restore, user, token. */
import { Command } from "commander";
import { demoCommand, fillTeamDemo } from "../demo/cli";
import { exportCommand } from "../export/cli";
import { importCommand } from "../import/cli";
import { initCommand } from "../init/cli";
import { adminCommands } from "./admin";
import { reportCommand } from "./report";
import { serveCommand } from "./serve";
import { modelCommand } from "../forecast/cli";

const program = new Command("jindou").description("Jindou 金豆 — sales funnel and key-account CRM").showHelpAfterError();
initCommand(program);
serveCommand(program, fillTeamDemo);
demoCommand(program);
importCommand(program);
exportCommand(program);
adminCommands(program);
reportCommand(program);
modelCommand(program);

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

/** The `jindou` commands: a table of names and descriptions, each module imported only when its command runs. */
import { Command } from "commander";
import { IMPORT_KINDS } from "../import/kinds";
import { MODELS } from "../readmodels/names";

type Register = (program: Command) => void;

interface LazyCommand {
  /** top-level names this module registers */
  names: string[];
  /** one line per name for `jindou --help` */
  descriptions: string[];
  load: () => Promise<Register>;
}

/** Every command. A new command adds one entry here; its module is imported only when its name is on the command line. */
export const commands: LazyCommand[] = [
  {
    names: ["init"],
    descriptions: ["set up a new database for your team: first admin, organisation, time zone, currency, first pipeline (no demo data)"],
    load: async () => (await import("../init/cli")).initCommand,
  },
  {
    names: ["serve"],
    descriptions: ["start the web app and REST API"],
    load: async () => {
      const [{ serveCommand }, { fillTeamDemo }] = await Promise.all([import("./serve"), import("../demo/cli")]);
      return (p) => serveCommand(p, fillTeamDemo);
    },
  },
  { names: ["demo"], descriptions: ["fill an empty database with seeded demo or benchmark data"], load: async () => (await import("../demo/cli")).demoCommand },
  {
    names: ["import"],
    descriptions: [`import ${IMPORT_KINDS.join(" | ")} from CSV or XLSX (idempotent by external_id; see docs/import.md)`],
    load: async () => (await import("../import/cli")).importCommand,
  },
  {
    names: ["export"],
    descriptions: [`export ${IMPORT_KINDS.join(" | ")} as CSV (UTF-8 with BOM) or XLSX, in the columns the import reads`],
    load: async () => (await import("../export/cli")).exportCommand,
  },
  {
    names: ["migrate", "backup", "restore", "user", "token"],
    descriptions: [
      "apply database migrations",
      "write a consistent copy of the database (safe while the server runs)",
      "restore a backup into a new (empty) database, SQLite or PostgreSQL",
      "manage users",
      "issue an API token for scripts",
    ],
    load: async () => (await import("./admin")).adminCommands,
  },
  {
    names: ["report"],
    descriptions: ["print a report (table, CSV or JSON); `jindou report --help` lists them"],
    load: async () => (await import("./report")).reportCommand,
  },
  { names: ["pool"], descriptions: ["customer pools (公海): reclaim due customers [--dry-run]"], load: async () => (await import("../pools/cli")).poolCommand },
  { names: ["model"], descriptions: ["the predicted win probability model (F4)"], load: async () => (await import("../forecast/cli")).modelCommand },
  {
    names: ["retier"],
    descriptions: ["re-evaluate every customer's tiers and priority now (the nightly job, on demand)"],
    load: async () => (await import("../tiering/cli")).retierCommand,
  },
  {
    names: ["rebuild"],
    descriptions: [`rebuild read models from the source of truth: ${MODELS.join(" | ")} | all`],
    load: async () => (await import("../readmodels/cli")).rebuildCommand,
  },
];

/** Builds the program: the named command's module fully, or only names and descriptions when none is named. */
export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command("jindou").description("Jindou 金豆 — sales funnel and key-account CRM").showHelpAfterError();
  const name = argv.slice(2).find((a) => !a.startsWith("-"));
  const chosen = commands.find((c) => name !== undefined && c.names.includes(name));
  if (chosen && name && NEEDS_USERS.has(name)) program.hook("preAction", (_p, action) => needsSetUp(action.opts()));
  if (chosen) (await chosen.load())(program);
  else for (const c of commands) c.names.forEach((n, i) => program.command(n).description(c.descriptions[i]));
  return program;
}

/** Commands that mean nothing before `jindou init`: on an empty database they say so in one line instead of printing nothing. */
const NEEDS_USERS = new Set(["export", "pool", "retier", "model", "token"]);

async function needsSetUp(opts: { database?: string; server?: string }): Promise<void> {
  if (opts.server || process.env.JINDOU_SERVER) return; // a remote server answers for itself
  const [{ openForCli }, { setupState, NEXT_INIT }] = await Promise.all([import("./context"), import("../init/state-store")]);
  const { handle } = await openForCli(opts.database);
  try {
    if ((await setupState(handle.db)).users === 0) throw new Error(NEXT_INIT);
  } finally {
    await handle.close();
  }
}

/** `jindou export <kind> [--format csv|xlsx] [--out file]`: the same file as GET /export/:kind, to a file or stdout. */
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { cliViewer, openForCli } from "../cli/context";
import { remoteExport, remoteFrom } from "../cli/remote";
import { IMPORT_KINDS, parseKind } from "../import/kinds";
import { type ExportFilters, exportPages } from "./queries";
import { customHeaders, exportCustom } from "./custom-store";
import { type ExportFormat, exportStream } from "./write";

interface ExportOpts {
  format?: string;
  out?: string;
  database?: string;
  as?: string;
  owner?: string;
  team?: string;
  pipeline?: string;
  source?: string;
  status?: string;
  server?: string;
  token?: string;
}

const id = (s: string | undefined, name: string) => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be an id`);
  return n;
};

export function exportCommand(program: Command): void {
  program
    .command("export")
    .description(`export ${IMPORT_KINDS.join(" | ")} as CSV (UTF-8 with BOM) or XLSX, in the columns the import reads`)
    .argument("<kind>", IMPORT_KINDS.join(" | "))
    .option("--format <format>", "csv | xlsx (default: from --out, else csv)")
    .option("--out <file>", "write to this file (default: stdout)")
    .option("--database <url>", "SQLite file or postgres:// URL")
    .option("--as <email>", "export what this user may see (default: the first admin)")
    .option("--owner <id>", "owner user id")
    .option("--team <id>", "team id")
    .option("--pipeline <id>", "pipeline id")
    .option("--source <source>", "opportunity source")
    .option("--status <status>", "open | won | lost")
    .option("--server <url>", "export from a remote Jindou through its API (or JINDOU_SERVER)")
    .option("--token <token>", "bearer token for --server (or JINDOU_TOKEN)")
    .action(async (kindArg: string, opts: ExportOpts) => {
      const kind = parseKind(kindArg);
      if (!kind) throw new Error(`unknown kind "${kindArg}": use ${IMPORT_KINDS.join(", ")}`);
      const format = (opts.format ?? (opts.out && /\.xlsx$/i.test(opts.out) ? "xlsx" : "csv")) as ExportFormat;
      if (format !== "csv" && format !== "xlsx") throw new Error("--format must be csv or xlsx");
      if (opts.status && !["open", "won", "lost"].includes(opts.status)) throw new Error("--status must be open, won or lost");
      const filters: ExportFilters = {
        owner: id(opts.owner, "owner"),
        team: id(opts.team, "team"),
        pipeline: id(opts.pipeline, "pipeline"),
        source: opts.source,
        status: opts.status as ExportFilters["status"],
      };
      const remote = remoteFrom(opts);
      if (remote) return remoteExport(remote, kind, { format, ...filters }, opts.out);
      const { handle, config } = await openForCli(opts.database);
      try {
        const viewer = await cliViewer(handle, opts.as);
        const stream = exportStream(
          kind,
          format,
          exportPages(handle.db, viewer, kind, filters, config.TZ_ORG),
          customHeaders(await exportCustom(handle.db, kind)),
        );
        await pipeline(stream, opts.out ? createWriteStream(opts.out) : process.stdout);
      } finally {
        await handle.close();
      }
    });
}

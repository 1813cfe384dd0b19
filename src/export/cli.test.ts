import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { beforeAll, expect, test } from "vitest";
import { openDb } from "../db/connect";
import { migrate } from "../db/migrate";
import { CUSTOMERS_CSV, importCsv, seedImportDb } from "../import/fixtures";
import { exportCommand } from "./cli";

const dir = mkdtempSync(path.join(tmpdir(), "jindou-export-cli-"));
const dbFile = path.join(dir, "cli.db");

beforeAll(async () => {
  const h = openDb(dbFile);
  await migrate(h.db);
  const ids = await seedImportDb(h.db);
  await importCsv(h.db, "customers", CUSTOMERS_CSV, ids.admin);
  await h.close();
});

const run = (...args: string[]) => {
  const program = new Command("jindou").exitOverride();
  exportCommand(program);
  return program.parseAsync(["node", "jindou", "export", ...args, "--database", dbFile]);
};

test("jindou export customers --out file.csv writes the canonical columns with a BOM", async () => {
  const out = path.join(dir, "c.csv");
  await run("customers", "--out", out);
  const text = readFileSync(out, "utf8");
  expect(text.startsWith("\uFEFFexternal_id,name,credit_code")).toBe(true);
  expect(text.trim().split("\r\n")).toHaveLength(4);
});

test("--as limits the export to what that user may see; .xlsx picks the format", async () => {
  const out = path.join(dir, "c.xlsx");
  await run("customers", "--out", out, "--as", "rep@test.jindou");
  expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  const csv = path.join(dir, "rep.csv");
  await run("customers", "--out", csv, "--as", "rep@test.jindou");
  expect(
    readFileSync(csv, "utf8")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(",")[0]),
  ).toEqual(["C001"]);
});

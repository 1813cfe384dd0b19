import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { openDb } from "../db/connect";
import { migrate } from "../db/migrate";
import { importCommand } from "./cli";
import { CUSTOMERS_CSV, seedImportDb } from "./fixtures";

const dir = mkdtempSync(path.join(tmpdir(), "jindou-import-cli-"));
const dbFile = path.join(dir, "cli.db");

beforeAll(async () => {
  const h = openDb(dbFile);
  await migrate(h.db);
  await seedImportDb(h.db);
  await h.close();
});
afterAll(() => {
  process.exitCode = 0;
});

async function cli(...args: string[]): Promise<{ out: string; code: number }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    chunks.push(String(s));
    return true;
  });
  process.exitCode = 0;
  try {
    const program = new Command("jindou").exitOverride();
    importCommand(program);
    await program.parseAsync(["node", "jindou", "import", ...args, "--database", dbFile, "--no-progress"]);
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: chunks.join(""), code };
}

test("imports a CSV and prints the counts; the second run reports everything unchanged", async () => {
  const file = path.join(dir, "customers.csv");
  writeFileSync(file, "\uFEFF" + CUSTOMERS_CSV);
  const first = await cli("customers", file);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/customers: 3 rows read; inserted 3, updated 0, unchanged 0; 0 error/);
  const again = await cli("customers", file);
  expect(again.out).toMatch(/inserted 0, updated 0, unchanged 3/);
});

test("errors are printed as a table of row, column, reason and the exit code is 1", async () => {
  const file = path.join(dir, "bad.csv");
  writeFileSync(file, "external_id,title,customer_external_id,stage,amount\nO1,x,C001,lead,三万\nO2,y,C001,nowhere,1");
  const r = await cli("opportunities", file, "--dry-run");
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/│ 2 +│ amount +│ not an amount/);
  expect(r.out).toMatch(/│ 3 +│ stage +│ unknown stage: nowhere/);
  expect(r.out).toMatch(/Nothing was written/);
});

test("--map renames headers; --json prints the report", async () => {
  const file = path.join(dir, "mapped.csv");
  writeFileSync(file, "Kunde;Ansprechpartner;Nr\nC001;王五;P9\n");
  const r = await cli("contacts", file, "--map", "Kunde=customer_external_id,Ansprechpartner=name,Nr=external_id", "--json");
  expect(JSON.parse(r.out)).toMatchObject({ status: "done", inserted: 1, runId: expect.any(Number) });
});

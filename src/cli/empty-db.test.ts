/**
 * Every command on an empty or half-set-up database answers with one line saying what to do next — no stack
 * trace, no silent zeros (issue 13, item 7): first `jindou init`, then a deal pipeline, then the data a report reads.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { forEachDatabase } from "../db/testing";
import { seedPeople } from "../http/testing";
import { NEXT_INIT, NEXT_PIPELINE } from "../init/state-store";
import { installDefaults } from "../pipelines/install";
import { buildProgram } from "./commands";
import { reports } from "./report-registry";

const REQUIRED: Record<string, string[]> = {
  balance: ["--target", "300万", "--average-contract", "3万"],
  commission: ["--period", "2026-11"],
  targets: ["--period", "2026"],
};
const REPORTS = reports.map((r) => ["report", r.name, ...(REQUIRED[r.name] ?? [])]);
const dir = mkdtempSync(path.join(tmpdir(), "jindou-empty-"));
const file = path.join(dir, "deals.csv");
writeFileSync(file, "external_id,title,customer_name,stage\nO1,x,某公司,lead\n");
const OTHERS = [
  ["export", "customers"],
  ["pool", "reclaim"],
  ["retier"],
  ["model", "report"],
  ["model", "train"],
  ["token", "create", "--email", "a@b.c"],
  ["import", "opportunities", file, "--no-progress"],
];

/** Runs a command in process; returns what it threw (the one line main.ts prints) and what it wrote to stderr. */
async function jindou(args: string[]): Promise<{ thrown: string | null; stderr: string[] }> {
  const stderr: string[] = [];
  const err = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    stderr.push(a.map(String).join(" "));
  });
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  let thrown: string | null = null;
  try {
    const program = await buildProgram(["node", "jindou", ...args]);
    program.exitOverride();
    await program.parseAsync(["node", "jindou", ...args]);
  } catch (e) {
    thrown = e instanceof Error ? e.message : String(e);
  } finally {
    err.mockRestore();
    log.mockRestore();
    out.mockRestore();
    process.exitCode = 0;
  }
  // an import reports "nothing written" through its table; its first line is the next step
  return { thrown, stderr };
}

forEachDatabase("CLI on an empty database", (h) => {
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    process.env.DATABASE_URL = h().location;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  test("no users: every report and command says `jindou init`, in one line", async () => {
    for (const args of [...REPORTS, ...OTHERS]) {
      const r = await jindou(args);
      const said = r.thrown ?? r.stderr.find((l) => l.includes("jindou init")) ?? null;
      expect(said, args.join(" ")).toBe(NEXT_INIT);
      expect(said!.split("\n"), args.join(" ")).toHaveLength(1);
    }
  }, 120_000);

  test("users but no deal pipeline: the funnel, forecast and planning reports say how to get one", async () => {
    await seedPeople(h().db, Date.now());
    await h().db.updateTable("pipelines").set({ archived: 1 }).where("kind", "=", "deal").execute();
    for (const name of ["funnel", "forecast", "balance", "pareto"]) {
      const r = await jindou(REPORTS.find((a) => a[1] === name)!);
      expect(r.thrown, name).toBe(NEXT_PIPELINE);
    }
  }, 60_000);

  test("set up but no data: each report prints what to import first on stderr and still answers", async () => {
    await h().db.updateTable("pipelines").set({ archived: 0 }).execute();
    await installDefaults(h().db, Date.now());
    const expected: Record<string, RegExp> = {
      funnel: /jindou import opportunities/,
      receivables: /jindou import contracts/,
      pareto: /jindou import orders/,
      clv: /jindou import orders/,
    };
    for (const [name, hint] of Object.entries(expected)) {
      const r = await jindou(REPORTS.find((a) => a[1] === name)!);
      expect(r.thrown, name).toBeNull();
      expect(
        r.stderr.filter((l) => hint.test(l)),
        name,
      ).toHaveLength(1);
    }
    const m = await jindou(["model", "train"]);
    expect(m.thrown).toMatch(/^No model can learn from 0 won and 0 lost deals: import your closed deals/);
  }, 120_000);
});

/** Every report command's CSV carries numbers as numbers: no "¥828.2万", "42.5%", "1.5 pt" or "3.0 / 2" cells (issue 13). */
import { parse } from "csv-parse/sync";
import { beforeAll, expect, test } from "vitest";
import { loadConfig } from "../config";
import { forEachDatabase } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { formatReport } from "./report";
import { reports } from "./report-registry";

const NOW = Date.parse("2026-12-01T04:00:00Z");
const FORMATTED = /^-?¥|^-?[\d.,]+\s*(%|万|pt|d)$|^[\d.]+ \/ [\d.]+$/;
/** the options a report needs to run at all */
const REQUIRED: Record<string, Record<string, string>> = {
  balance: { target: "300万", averageContract: "3万" },
  commission: { period: "2026-11" },
  targets: { period: "2026-Q4" },
};

forEachDatabase("report numbers", (h) => {
  beforeAll(async () => {
    await generateDemo(h().db, { scale: "tiny", seed: 5, now: NOW });
  }, 120_000);

  test("CSV of every report: money in yuan, shares as ratios, days as numbers", async () => {
    const admin = await h().db.selectFrom("users").select(["id", "team_id", "name", "email"]).where("role", "=", "admin").executeTakeFirstOrThrow();
    const viewer = { id: admin.id, role: "admin" as const, teamId: admin.team_id, name: admin.name, email: admin.email, locale: "zh-CN" };
    const config = loadConfig({ TZ_ORG: "Asia/Shanghai" });
    const checked: string[] = [];
    for (const r of reports) {
      const result = await r.run({ db: h().db, config, now: NOW, viewer, opts: { ...(REQUIRED[r.name] ?? {}) } });
      const rows: string[][] = parse(formatReport(result, "csv"));
      for (const line of rows.slice(1)) for (const cell of line) expect(cell, `${r.name}: ${line.join(",")}`).not.toMatch(FORMATTED);
      if (!result.json)
        for (const row of JSON.parse(formatReport(result, "json")))
          for (const v of Object.values(row)) if (typeof v === "string") expect(v, r.name).not.toMatch(FORMATTED);
      if (rows.length > 1) checked.push(r.name);
    }
    // the demo data fills most reports, so the check above saw real rows
    expect(checked.length).toBeGreaterThan(reports.length / 2);
  }, 120_000);
});

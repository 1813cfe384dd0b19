import { beforeAll, expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { importCsv, seedImportDb } from "./fixtures";

forEachDatabase("targets import", (ctx) => {
  let ids: Awaited<ReturnType<typeof seedImportDb>>;
  beforeAll(async () => {
    ids = await seedImportDb(ctx().db);
  });

  test("company, team and personal targets by name; a second run changes nothing; bad cells all reported", async () => {
    const team = await ctx().db.selectFrom("teams").select(["id", "name"]).where("id", "=", ids.teamA).executeTakeFirstOrThrow();
    const csv = `期间,范围,团队,销售,目标金额,目标数量\n2026-Q3,公司,,,1200万,\n2026-Q3,团队,${team.name},,500万,40\n2026-07,个人,,rep@test.jindou,80万,6\n`;
    const r = await importCsv(ctx().db, "targets", csv, ids.admin);
    expect(r).toMatchObject({ status: "done", inserted: 3, errorCount: 0 });
    const rows = await ctx().db.selectFrom("targets").select(["scope", "scope_id", "period", "amount_fen", "units"]).orderBy("id").execute();
    expect(
      rows.map((x) => [x.scope, x.scope_id == null ? null : Number(x.scope_id), x.period, Number(x.amount_fen), x.units == null ? null : Number(x.units)]),
    ).toEqual([
      ["company", null, "2026-Q3", 1_200_000_000, null],
      ["team", ids.teamA, "2026-Q3", 500_000_000, 40],
      ["user", ids.rep, "2026-07", 80_000_000, 6],
    ]);
    expect(await importCsv(ctx().db, "targets", csv, ids.admin)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const bad = await importCsv(ctx().db, "targets", "period,scope,team,user,amount\n2026-Q5,团队,火星组,,abc\n", ids.admin);
    expect(bad.errors.map((e) => e.column).sort()).toEqual(["amount", "period", "team"]);
    const rep = await importCsv(ctx().db, "targets", csv, ids.rep, { actor: { id: ids.rep, role: "rep", teamId: ids.teamA } });
    expect(rep.status).toBe("failed");
  });
});

import ExcelJS from "exceljs";
import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { resolveHeaders } from "./headers";
import { IMPORT_KINDS, KINDS } from "./kinds";

forEachApp("import templates", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  const get = async (url: string) => {
    const res = await t().app.inject({ method: "GET", url, headers: { authorization: `Bearer ${t().tokens.rep}` } });
    return { status: res.statusCode, type: res.headers["content-type"], body: res.rawPayload };
  };

  test("every kind has an XLSX template whose headers import back, with a sample row and a column sheet", async () => {
    for (const kind of IMPORT_KINDS) {
      const r = await get(`/api/v1/import/templates/${kind}.xlsx`);
      expect(r.status, kind).toBe(200);
      expect(String(r.type)).toMatch(/spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.body as unknown as ArrayBuffer);
      const [sheet, about] = wb.worksheets;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const cols = resolveHeaders(KINDS[kind], header, header.length);
      expect(cols.errors, kind).toEqual([]);
      expect([...cols.index.keys()].sort(), kind).toEqual(KINDS[kind].columns.map((c) => c.name).sort());
      expect(sheet.rowCount, kind).toBe(2);
      expect(about.rowCount, kind).toBe(KINDS[kind].columns.length + 1);
    }
  });

  test("the column sheet lists the configured stages, sources and lost reasons", async () => {
    const r = await get("/api/v1/import/templates/opportunities.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    const about = wb.worksheets[1];
    const line = (name: string) => (about.getRows(2, about.rowCount - 1) ?? []).find((row) => row.getCell(2).value === name)!.getCell(5).value as string;
    expect(line("stage")).toContain("crm5: quote 报价 / Quote");
    expect(line("source")).toContain("inbound 主动咨询");
    expect(line("lost_reason")).toContain("price 价格");
    expect(line("status")).toMatch(/won/);
    expect(headerOf(wb)).toContain("商机名称 (title)");
  });

  test("an unknown kind is a 404, a malformed name a 400", async () => {
    expect((await get("/api/v1/import/templates/planets.xlsx")).status).toBe(404);
    expect((await get("/api/v1/import/templates/..%2Fx")).status).toBe(400);
  });
});

const headerOf = (wb: ExcelJS.Workbook) => (wb.worksheets[0].getRow(1).values as unknown[]).slice(1).map(String);

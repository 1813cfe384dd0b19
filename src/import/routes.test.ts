import { expect, test } from "vitest";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { CUSTOMERS_CSV, OPPORTUNITIES_CSV } from "./fixtures";

async function upload(t: TestApp, who: Person, url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: "POST",
    url,
    payload: typeof body === "string" ? Buffer.from(body) : body,
    headers: { authorization: `Bearer ${t.tokens[who]}`, "content-type": "text/csv", ...headers },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

forEachApp("import API", (t) => {
  test("POST /import/customers?wait=1 imports and answers with the run", async () => {
    await installDefaults(t().db, t().clock.now);
    const r = await upload(t(), "admin", "/api/v1/import/customers?wait=1&fileName=c.csv", CUSTOMERS_CSV);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: "customers", status: "done", inserted: 3, processed: 3, total: 3, fileName: "c.csv", errors: [] });
  });

  test("without wait: 202 { runId }, then GET /import/runs/:id shows the finished run", async () => {
    const r = await upload(t(), "admin", "/api/v1/import/opportunities", OPPORTUNITIES_CSV);
    expect(r.status).toBe(202);
    let run;
    for (let i = 0; i < 100; i++) {
      run = (await t().call("admin", "GET", `/api/v1/import/runs/${r.body.runId}`)).body;
      if (run.status !== "running") break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(run).toMatchObject({ status: "done", inserted: 4, processed: 4 });
    expect((await t().call("rep", "GET", `/api/v1/import/runs/${r.body.runId}`)).status).toBe(404);
  });

  test("a dry run with errors reports row, column, reason and writes nothing", async () => {
    const r = await upload(
      t(),
      "admin",
      "/api/v1/import/orders?wait=1&dryRun=1",
      "customer_external_id,ordered_at,amount\nC001,2026-06-01,3万\nC001,2026-13-01,1\nC404,2026-06-02,1",
    );
    expect(r.body).toMatchObject({ status: "failed", inserted: 0 });
    expect(r.body.errors).toEqual([
      { row: 3, column: "ordered_at", reason: expect.stringMatching(/no such date/) },
      { row: 4, column: "customer_external_id", reason: expect.stringMatching(/unknown customer: C404/) },
    ]);
    expect((await t().db.selectFrom("orders").select("id").execute()).length).toBe(0);
  });

  test("x-import-map maps other headers (JSON, percent-encoded for Chinese)", async () => {
    const map = encodeURIComponent(JSON.stringify({ 单号: "external_id", 客户代码: "customer_external_id", 日期: "ordered_at", 总额: "amount" }));
    const r = await upload(t(), "rep", "/api/v1/import/orders?wait=1", "单号,客户代码,日期,总额\nD1,C001,2026/06/01,3万", { "x-import-map": map });
    expect(r.body).toMatchObject({ status: "done", inserted: 1 });
  });

  test("a rep cannot write into another rep's customers", async () => {
    const r = await upload(t(), "rep", "/api/v1/import/contacts?wait=1", "external_id,customer_external_id,name\nP1,C002,李四");
    expect(r.body.errors).toEqual([
      { row: 2, column: "customer_external_id", reason: "unknown customer: C002 (import customers first, or use --create-customers)" },
    ]);
  });

  test("GET /import/runs/:id/errors.csv: the run's errors as a CSV with BOM for its creator and admins; 404 for anyone else", async () => {
    const r = await upload(t(), "rep", "/api/v1/import/orders?wait=1", "customer_external_id,ordered_at,amount\nC001,2026-13-01,=1+1\nC404,2026-06-02,1");
    expect(r.body.status).toBe("failed");
    const get = (who: "rep" | "admin" | "rep2" | "otherRep") =>
      t().app.inject({
        method: "GET",
        url: `/api/v1/import/runs/${r.body.id ?? r.body.runId}/errors.csv`,
        headers: { authorization: `Bearer ${t().tokens[who]}` },
      });
    for (const who of ["rep", "admin"] as const) {
      const res = await get(who);
      expect(res.statusCode, who).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/csv/);
      expect(res.headers["content-disposition"]).toMatch(/attachment; filename="import-\d+-errors.csv"/);
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = res.body.slice(1).trim().split("\r\n");
      expect(lines[0]).toBe("row,column,reason");
      // one line per error: the bad date and the bad amount of row 2, the unknown customer of row 3
      expect(lines.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["2,ordered_at", "2,amount", "3,customer_external_id"]);
    }
    for (const who of ["rep2", "otherRep"] as const) expect((await get(who)).statusCode, who).toBe(404);
  });

  test("a bad x-import-map or an empty body is a 400", async () => {
    expect((await upload(t(), "admin", "/api/v1/import/orders", "a,b", { "x-import-map": "{oops" })).status).toBe(400);
    expect((await upload(t(), "admin", "/api/v1/import/orders", "")).status).toBe(400);
  });
});

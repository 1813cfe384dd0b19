/**
 * The import wizard decodes a GB18030 file on the server and shows its Chinese headers mapped; and the first-run
 * page sets up an empty database (admin, organisation, pipeline) with no demo rows.
 */
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { loadConfig } from "../src/config";
import { createTestDb } from "../src/db/testing";
import { buildApp } from "../src/http/app";
import { encodeGb18030 } from "../src/import/test-encodings";
import { ensureWebBuild, launchBrowser, login, newPage, ROOT, serverAndBrowser, shot } from "./harness";

describe.skipIf(!inject("browserAvailable"))("import wizard with a GB18030 file", () => {
  const env = serverAndBrowser();

  test("the server decodes the file: Chinese headers shown and mapped, then imported", async () => {
    const { context, page } = await newPage(env.browser);
    await login(page, env.server.url, "admin", "/import");
    const csv = "客户编号,客户名称,行业,地区\r\nGB-001,杭州国标编码有限公司,制造,华东\r\nGB-002,宁波国标编码贸易有限公司,贸易,华东\r\n";
    await page
      .locator("input[type=file]")
      .first()
      .setInputFiles({ name: "客户-GBK.csv", mimeType: "text/csv", buffer: encodeGb18030(csv) });
    const map = page.getByTestId("import-map");
    await map.waitFor();
    const text = (await map.textContent()) ?? "";
    for (const h of ["客户编号", "客户名称", "行业", "地区"]) expect(text).toContain(h);
    for (const f of ["external_id", "name", "industry", "region"]) expect(text).toContain(f);
    expect(text).not.toContain("�");
    expect(await page.getByTestId("import-encoding").textContent()).toContain("gb18030");
    await shot(page, "import-gb18030-map");
    await page.getByTestId("import-dry-run").click();
    await page.getByTestId("dry-run-result").waitFor();
    await page.getByTestId("import-run").click();
    await page.locator(".ant-result-success").waitFor();
    const got = await env.server.api<{ items: Array<{ name: string }> }>("admin", "GET", "/customers?q=国标编码");
    expect(got.items.map((c) => c.name).sort()).toEqual(["宁波国标编码贸易有限公司", "杭州国标编码有限公司"]);
    await context.close();
  });
});

describe.skipIf(!inject("browserAvailable"))("first run in the browser", () => {
  let browser: Browser;
  let close: () => Promise<void>;
  let url = "";
  let db: Awaited<ReturnType<typeof createTestDb>>["db"];
  beforeAll(async () => {
    ensureWebBuild();
    const handle = await createTestDb("sqlite");
    db = handle.db;
    const app = await buildApp({
      handle,
      config: loadConfig({ TZ_ORG: "Asia/Shanghai", JOBS: "0", LOG_LEVEL: "silent" } as NodeJS.ProcessEnv),
      webDist: path.join(ROOT, "web", "dist"),
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    browser = await launchBrowser();
    close = async () => {
      await app.close();
      await handle.drop();
    };
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  test("an empty database shows the setup page; finishing it signs the admin in, with no demo rows", async () => {
    const { context, page } = await newPage(browser);
    await page.goto(url + "/");
    await page.getByTestId("setup-page").waitFor();
    await page.locator("#setup-org").fill("新公司");
    await page.locator("#setup-name").fill("老板");
    await page.locator("#setup-email").fill("boss@new.example");
    await page.locator("#setup-password").fill("first-run-123");
    await page.getByTestId("setup-submit").click();
    await page.getByTestId("whoami").waitFor();
    const users = await db.selectFrom("users").select(["email", "role"]).execute();
    expect(users).toEqual([{ email: "boss@new.example", role: "admin" }]);
    const n = await db
      .selectFrom("opportunities")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
    await context.close();
  });
});

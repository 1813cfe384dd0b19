/** Every page renders on demo data without a script error or an error message, in Chinese and in English. */
import { describe, expect, inject, test } from "vitest";
import { DEMO_ADMIN, demoServerAndBrowser } from "./demo-server";
import { shot } from "./harness";
import { PAGES, settle } from "./walk";

describe.skipIf(!inject("browserAvailable"))("every page on demo data", () => {
  const env = demoServerAndBrowser();

  for (const locale of ["zh-CN", "en"] as const) {
    test(`the admin opens each page (${locale})`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1366, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
      const csrf = (await context.cookies()).find((c) => c.name === "jindou_csrf")?.value ?? "";
      await context.request.patch(`${env.server.url}/api/v1/auth/me`, { data: { locale }, headers: { "x-csrf-token": csrf } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
      for (const p of PAGES) {
        await page.goto(env.server.url + p);
        await settle(page);
        const messages = await page.locator(".ant-message-error, .ant-alert-error").allTextContents();
        expect(messages, `${p} shows an error`).toEqual([]);
        if (locale === "en") await shot(page, `page-${p.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home"}-en`);
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 400_000);
  }
});

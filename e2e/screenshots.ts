/**
 * `npm run screenshots`: starts the server on team-scale demo data, signs in as the demo admin in headless
 * Chromium and saves docs/screenshots/home.png (销售简报), board.png, funnel.png, key-customers.png, cash.png, forecast.png and the phone
 * (390×844) phone-home.png and phone-board.png for the README.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DEMO_ADMIN, startDemoServer } from "./demo-server";
import { ensureWebBuild, launchBrowser, ROOT } from "./harness";

const OUT = path.join(ROOT, "docs", "screenshots");

async function main() {
  ensureWebBuild();
  mkdirSync(OUT, { recursive: true });
  const server = await startDemoServer("team");
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "zh-CN" });
    await context.request.post(`${server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const pipelines = (await (await context.request.get(`${server.url}/api/v1/pipelines`)).json()) as { items: Array<{ id: number; key: string }> };
    const pid = pipelines.items.find((p) => p.key === "probability")?.id ?? pipelines.items[0].id;
    const shots: Array<[string, string, string]> = [
      ["home.png", "/", "[data-testid='brief-funnel'] svg"],
      ["board.png", `/board?pipeline=${pid}`, "[data-testid^='card-']"],
      ["funnel.png", `/funnel?pipeline=${pid}`, "[data-testid='bottleneck']"],
      ["key-customers.png", "/key-customers", "[data-testid='kaism'] svg"],
      ["cash.png", "/cash", "[data-testid='receivables'] tbody tr.ant-table-row"],
      ["forecast.png", "/forecast", "[data-testid='moves-tab-slipped']"],
    ];
    for (const [file, url, ready] of shots) {
      await page.goto(server.url + url);
      await page.waitForSelector(ready);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(1200); // chart animations
      await page.screenshot({ path: path.join(OUT, file) });
      console.log(`saved docs/screenshots/${file}`);
    }
    await context.close();
    // one phone screenshot: the board on a 390×844 screen, one column at a time
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" });
    await phone.request.post(`${server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
    const p2 = await phone.newPage();
    p2.setDefaultTimeout(60_000);
    await p2.goto(`${server.url}/`);
    await p2.waitForSelector("[data-testid='brief-tiles']");
    await p2.waitForTimeout(1500);
    await p2.screenshot({ path: path.join(OUT, "phone-home.png") });
    console.log("saved docs/screenshots/phone-home.png");
    await p2.goto(`${server.url}/board?pipeline=${pid}`);
    await p2.waitForSelector("[data-testid^='card-']");
    await p2.waitForTimeout(1200);
    await p2.screenshot({ path: path.join(OUT, "phone-board.png") });
    console.log("saved docs/screenshots/phone-board.png");
    await phone.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();

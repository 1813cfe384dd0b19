import { launchBrowser, login, newPage, startServer } from "/work/main/e2e/harness";
const server = await startServer({ demo: "tiny" });
const browser = await launchBrowser();
const { page } = await newPage(browser);
page.on("console", (m) => m.type() === "error" && !m.text().includes("List") && console.log("console:", m.text().slice(0, 300)));
page.on("pageerror", (e) => console.log("pageerror:", e.message));
await login(page, server.url, { email: process.env.WHO ?? "admin@demo.jindou", password: "jindou123" });
for (const p of (process.env.PAGES ?? "/").split(",")) {
  await page.goto(server.url + p);
  await page.waitForTimeout(2500);
  const name = p.replace(/[^a-z0-9]+/gi, "_") || "home";
  await page.screenshot({ path: `/tmp/jd/${name}.png`, fullPage: process.env.FULL === "1" });
  console.log("shot", name);
}
await browser.close(); await server.close();

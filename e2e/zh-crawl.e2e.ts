/**
 * Every page in zh-CN, every tab opened: no Latin-letter word on screen (text, chart labels, placeholders, aria
 * labels) outside a short allowed list of brand names, abbreviations users know and units. Emails and ISO dates
 * have no letters to check; the demo data's own Latin names (ERP, CRM …) are on the list.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, test } from "vitest";
import { DEMO_ADMIN, DEMO_MANAGER, demoServerAndBrowser } from "./demo-server";
import { MORE_PAGES, PAGES, settle } from "./walk";
import { latinWords } from "./latin";

/**
 * Accessible names Ant Design's own components set in English whatever the locale (rc-input-number's step buttons,
 * Segmented's group label, the clear icon, a selectable table's "Select all" / "Select row N" checkboxes): not ours to translate.
 */
const ANTD_INTERNAL = ["Increase Value", "Decrease Value", "segmented control", "Clear", "Select all", "Select row"];

async function visibleText(page: Page): Promise<string> {
  const text = await page.evaluate(() => {
    let parts: string[] = [document.body.innerText];
    for (const t of document.querySelectorAll("svg text")) parts.push(t.textContent ?? "");
    for (const el of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
      // an antd icon's aria-label is its file name ("appstore"); it sits inside a labelled control
      if (el.closest("[aria-hidden='true'], .anticon")) continue;
      for (const a of ["placeholder", "aria-label", "title"]) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    // identifiers marked translate="no" (a lost reason's key) are data, not words
    const ids = [...document.querySelectorAll("[translate='no']")].map((el) => el.textContent ?? "").filter(Boolean);
    parts = parts.map((p) => ids.reduce((acc, id) => acc.split(id).join(" "), p));
    return parts.join("\n");
  });
  return ANTD_INTERNAL.reduce((acc, s) => acc.split(s).join(" "), text);
}

describe.skipIf(!inject("browserAvailable"))("zh-CN everywhere", () => {
  const env = demoServerAndBrowser();

  test("the allowed-word filter catches English and lets brand names, emails and dates through", () => {
    expect(latinWords("目标 target 中位数 p90 CRM 2026-06-15 admin@demo.jindou 80%")).toEqual(["target", "p90"]);
  });

  for (const [who, cred] of [
    ["admin", DEMO_ADMIN],
    ["manager", DEMO_MANAGER],
  ] as const) {
    test(`${who}: no Latin word on any page or tab`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" });
      await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: cred });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const found: string[] = [];
      for (const p of [...PAGES, ...MORE_PAGES]) {
        await page.goto(env.server.url + p);
        await settle(page);
        const words = new Set(latinWords(await visibleText(page)));
        const tabs = page.locator(".jd-content [role='tab']");
        for (let i = 0; i < (await tabs.count()); i++) {
          await tabs.nth(i).click();
          await settle(page);
          for (const w of latinWords(await visibleText(page))) words.add(w);
        }
        if (words.size) found.push(`${p}: ${[...words].join(" ")}`);
      }
      expect(found).toEqual([]);
      await context.close();
    }, 400_000);
  }

  test("prediction panel: every factor of a trained model reads as its zh-CN label (stage, tier, source, numbers)", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    const login = await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const get = async <T>(u: string) => (await (await context.request.get(`${env.server.url}/api/v1${u}`)).json()) as T;
    expect((await context.request.post(`${env.server.url}/api/v1/forecast/model/train`, { headers: { "x-csrf-token": csrf } })).status()).toBe(201);
    const preds = await get<{ items: Array<{ id: number; factors: Array<{ name: string; raw: unknown }> }> }>("/forecast/predictions?limit=1000");
    const pipelines = await get<{ items: Array<{ key: string; stages: Array<{ key: string; nameZh: string }> }> }>("/pipelines");
    // one deal per categorical factor the model shows (stage, tier, source): their codes are what leaked raw
    const pages = new Map<string, { id: number; raw: string }>();
    for (const p of preds.items) for (const f of p.factors) if (typeof f.raw === "string" && !pages.has(f.name)) pages.set(f.name, { id: p.id, raw: f.raw });
    expect(pages.has("stage") || pages.has("source") || pages.has("tier")).toBe(true);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const found: string[] = [];
    for (const [name, { id, raw }] of pages) {
      await page.goto(`${env.server.url}/opportunities/${id}`, { waitUntil: "domcontentloaded", timeout: 90_000 });
      await settle(page);
      const panel = page.getByTestId("prediction");
      await panel.getByTestId("factor").first().waitFor();
      const text = await panel.innerText();
      if (/[A-Za-z]/.test(raw)) expect(text).not.toContain(raw); // a code; a Chinese value (中型) is its own label
      if (name === "stage") {
        const [pkey, skey] = raw.split("/");
        const s = pipelines.items.find((x) => x.key === pkey)?.stages.find((x) => x.key === skey);
        expect(text).toContain(s?.nameZh ?? "?");
      }
      const words = latinWords(text);
      if (words.length) found.push(`/opportunities/${id} (${name}): ${words.join(" ")}`);
    }
    expect(found).toEqual([]);
    await context.close();
  }, 300_000);

  test("each expected-signing bar lists as many customers as it counts (drill-down asks the server per bucket)", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
    const report = (await (await context.request.get(`${env.server.url}/api/v1/reports/key-accounts?limit=1`)).json()) as {
      signing: Array<{ bucket: string; customers: number }>;
    };
    const page = await context.newPage();
    await page.goto(`${env.server.url}/key-customers`);
    await settle(page);
    const bars = report.signing.filter((b) => b.customers > 0);
    expect(bars.length).toBeGreaterThan(0);
    for (const b of bars) {
      await page.getByTestId(`signing-${b.bucket}`).click();
      await expect.poll(() => page.locator(".ant-drawer-open .ant-drawer-title").innerText(), { timeout: 20_000 }).toContain(`(${b.customers})`);
      const rows = await page.locator(".ant-drawer-open .ant-list-item").count();
      expect(rows).toBe(Math.min(b.customers, 20));
      await page.keyboard.press("Escape");
      await page.locator(".ant-drawer-open").waitFor({ state: "detached" });
    }
    await context.close();
  });
});

/** axe-core on every page (demo data, admin, zh-CN): no serious or critical accessibility violation outside KNOWN (the aim is an empty KNOWN). */
import path from "node:path";

import { describe, expect, inject, test } from "vitest";
import { DEMO_ADMIN, demoServerAndBrowser } from "./demo-server";
import { ROOT } from "./harness";
import { PAGES, settle } from "./walk";

const AXE = path.join(ROOT, "node_modules", "axe-core", "axe.min.js");

/**
 * Violations still open (page, rule), each counted: the test fails on any other serious or critical one, so none is
 * added. Not yet fixed: Ant Design's gold menu selection and kbd colours (contrast), the header search button's name,
 * the board card (a focusable draggable holding its menu button), unlabelled inputs on planning / import / settings,
 * progress bars on planning, sliders on the funnel, scrollable tables, the table measure row.
 */
const KNOWN = new Set([
  "color-contrast",
  "label-content-name-mismatch",
  "nested-interactive",
  "aria-hidden-focus",
  "scrollable-region-focusable",
  "aria-input-field-name",
  "aria-progressbar-name",
  "label",
]);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

describe.skipIf(!inject("browserAvailable"))("accessibility (axe-core)", () => {
  const env = demoServerAndBrowser();

  test("every page: no serious or critical violation beyond the known list", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN", bypassCSP: true }); // to inject axe
    await context.request.post(`${env.server.url}/api/v1/auth/login`, { data: DEMO_ADMIN });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const found: string[] = [];
    for (const p of PAGES) {
      await page.goto(env.server.url + p);
      await settle(page);
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe;
        return (await axe.run(document, { resultTypes: ["violations"] })).violations;
      });
      for (const v of violations.filter((x) => (x.impact === "serious" || x.impact === "critical") && !KNOWN.has(x.id)))
        found.push(
          `${p}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}${v.nodes.length > 3 ? ` … +${v.nodes.length - 3}` : ""}`,
        );
    }
    expect(found).toEqual([]);
    await context.close();
  }, 600_000);
});

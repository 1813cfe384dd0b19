/** Chart tooltips escape names (issue 11). */
import { expect, test } from "vitest";
import { safeTooltipHtml, withSafeTooltips } from "./tooltip-html";

test("names in tooltip HTML are text; the formatters' line breaks stay", () => {
  expect(safeTooltipHtml(`#1 <img src=x onerror="alert(1)"><br/>¥5万 · 80%`)).toBe(`#1 &lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br/>¥5万 · 80%`);
  expect(safeTooltipHtml("A & B's <b>co</b><br>x")).toBe("A &amp; B&#39;s &lt;b&gt;co&lt;/b&gt;<br/>x");
});

test("every tooltip formatter of an option, chart-level and per series, is wrapped", () => {
  const name = "<script>x</script>";
  const option = withSafeTooltips({
    tooltip: { trigger: "axis", formatter: () => `${name}<br/>1` },
    series: [{ type: "bar", tooltip: { formatter: () => name } }, { type: "line" }],
  });
  expect((option.tooltip as { formatter: () => string }).formatter()).toBe("&lt;script&gt;x&lt;/script&gt;<br/>1");
  expect((option.series[0].tooltip as { formatter: () => string }).formatter()).toBe("&lt;script&gt;x&lt;/script&gt;");
  expect(option.series[1]).toEqual({ type: "line" });
  expect((option.tooltip as { trigger: string }).trigger).toBe("axis");
});

/** ECharts tooltips are HTML: formatter output is escaped except line breaks, so a customer named "<img onerror=…>" shows as text. Pure. */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function safeTooltipHtml(html: string): string {
  return html.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(/&lt;br\s*\/?&gt;/gi, "<br/>");
}

type Formatter = (...args: unknown[]) => unknown;
type WithTooltip = { tooltip?: unknown };

function safeTooltip(tip: unknown): unknown {
  if (Array.isArray(tip)) return tip.map(safeTooltip);
  if (!tip || typeof tip !== "object") return tip;
  const f = (tip as { formatter?: unknown }).formatter;
  if (typeof f !== "function") return tip;
  return {
    ...tip,
    formatter: (...args: unknown[]) => {
      const out = (f as Formatter)(...args);
      return typeof out === "string" ? safeTooltipHtml(out) : out;
    },
  };
}

/** The option with every tooltip formatter (chart-level and per series) made safe. */
export function withSafeTooltips<T extends object>(input: T): T {
  const option = input as T & WithTooltip & { series?: unknown };
  const series = Array.isArray(option.series)
    ? option.series.map((s: WithTooltip) => (s && s.tooltip ? { ...s, tooltip: safeTooltip(s.tooltip) } : s))
    : option.series;
  return { ...option, ...(option.tooltip ? { tooltip: safeTooltip(option.tooltip) } : {}), ...(option.series ? { series } : {}) };
}

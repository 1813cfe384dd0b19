/** A small ECharts wrapper (SVG renderer: crisp on phones, its text readable by tests and screen readers): init on mount, setOption on change, resize with its box, dispose on unmount. */
import { BarChart, FunnelChart, HeatmapChart, LineChart, PieChart, ScatterChart } from "echarts/charts";
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { type CSSProperties, useEffect, useRef } from "react";
import { useI18n } from "../i18n";
import { withSafeTooltips } from "./tooltip-html";

echarts.use([
  BarChart,
  FunnelChart,
  HeatmapChart,
  LineChart,
  PieChart,
  ScatterChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;
export interface ChartClick {
  seriesIndex?: number;
  seriesName?: string;
  dataIndex: number;
  name: string;
  value: unknown;
  data: unknown;
}

export function Chart({
  option,
  onClick,
  height = 320,
  style,
  testId,
  ariaLabel,
}: {
  option: ChartOption;
  onClick?: (p: ChartClick) => void;
  height?: number | string;
  style?: CSSProperties;
  testId?: string;
  ariaLabel?: string;
}) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "svg" });
    chart.current = c;
    c.on("click", (p) => click.current?.(p as unknown as ChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(withSafeTooltips({ animationDuration: 300, ...option }), { notMerge: true });
  }, [option]);

  return (
    <div
      ref={el}
      role="img"
      aria-label={ariaLabel ?? t("common.chart")}
      data-testid={testId}
      style={{ width: "100%", height, cursor: onClick ? "pointer" : undefined, ...style }}
    />
  );
}

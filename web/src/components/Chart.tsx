/** A small ECharts wrapper (SVG renderer: crisp on phones, its text readable by tests and screen readers): init on mount (a `lazy` chart: when its box nears the viewport), setOption on change, resize with its box, dispose on unmount. */
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
  lazy = false,
}: {
  option: ChartOption;
  onClick?: (p: ChartClick) => void;
  height?: number | string;
  style?: CSSProperties;
  testId?: string;
  ariaLabel?: string;
  /** draw only once the box comes into the viewport (for charts below the fold of a dashboard) */
  lazy?: boolean;
}) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  const latest = useRef(option);
  latest.current = option;
  /** the option the chart shows, so a chart drawn on mount is not given the same option twice */
  const shown = useRef<ChartOption | null>(null);

  // A lazy chart is drawn once its box comes into the viewport: a dashboard's charts below the fold cost nothing on
  // first load (ECharts and ZRender were ~40 % of the funnel dashboard's CPU profile). The box keeps its size meanwhile.
  useEffect(() => {
    const box = el.current;
    if (!box) return;
    let c: echarts.ECharts | null = null;
    let ro: ResizeObserver | null = null;
    const draw = () => {
      c = echarts.init(box, undefined, { renderer: "svg" });
      chart.current = c;
      c.on("click", (p) => click.current?.(p as unknown as ChartClick));
      c.setOption(withSafeTooltips({ animationDuration: 300, ...latest.current }), { notMerge: true });
      shown.current = latest.current;
      ro = new ResizeObserver(() => c?.resize());
      ro.observe(box);
    };
    const io =
      !lazy || typeof IntersectionObserver === "undefined"
        ? null
        : new IntersectionObserver(
            (entries) => {
              if (!entries.some((e) => e.isIntersecting) || c) return;
              io?.disconnect();
              draw();
            },
            { rootMargin: "0px" },
          );
    if (io) io.observe(box);
    else draw();
    return () => {
      io?.disconnect();
      ro?.disconnect();
      c?.dispose();
      chart.current = null;
    };
  }, [lazy]);

  useEffect(() => {
    if (!chart.current || shown.current === option) return;
    chart.current.setOption(withSafeTooltips({ animationDuration: 300, ...option }), { notMerge: true });
    shown.current = option;
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

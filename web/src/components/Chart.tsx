/** A small ECharts wrapper (SVG renderer: crisp on phones, its text readable by tests and screen readers): init on mount (a `lazy` chart: once its box comes into the viewport), setOption on change, resize with its box, dispose on unmount. */
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
  /** draw only once the box comes into the viewport (charts below a dashboard's fold); the box keeps its height meanwhile */
  lazy?: boolean;
}) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  /** the option to draw with: a lazy chart is drawn with the latest one when it comes into view */
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    const box = el.current;
    if (!box) return;
    let c: echarts.ECharts | null = null;
    let ro: ResizeObserver | null = null;
    const draw = () => {
      const chartNow = echarts.init(box, undefined, { renderer: "svg" });
      c = chartNow;
      chart.current = chartNow;
      chartNow.on("click", (p) => click.current?.(p as unknown as ChartClick));
      chartNow.setOption(withSafeTooltips({ animationDuration: 300, ...latest.current }), { notMerge: true });
      ro = new ResizeObserver(() => chartNow.resize());
      ro.observe(box);
    };
    const io =
      lazy && typeof IntersectionObserver !== "undefined"
        ? new IntersectionObserver(
            (entries) => {
              if (c || !entries.some((e) => e.isIntersecting)) return;
              io?.disconnect();
              draw();
            },
            { rootMargin: "0px" },
          )
        : null;
    if (io) io.observe(box);
    else draw();
    return () => {
      io?.disconnect();
      ro?.disconnect();
      c?.dispose();
      chart.current = null;
    };
  }, [lazy]);

  // a later option (new data, another language); the first one was drawn by draw() above
  const drawn = useRef(option);
  useEffect(() => {
    if (drawn.current === option) return;
    drawn.current = option;
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

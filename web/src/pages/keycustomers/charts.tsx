/** The key-customer charts: Pareto, pyramid, RFM grid, KAISM quadrants and the key-account matrix; every point opens its customer. */
import { Button, Card, Segmented, Space, Table } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { Chart } from "../../components/Chart";
import { money, num, pct } from "../../format";
import { useCode, useI18n } from "../../i18n";
import type { KeyAccounts, Kaism, Pareto, Pyramid, Rfm } from "./types";

export type PickedCustomer = { customerId: number; name: string; detail?: string };
/** Opens the drawer of a chart element's customers: the rows at hand, or a loader asking the server for all of them. */
export type Pick = (title: string, customers: PickedCustomer[] | (() => Promise<PickedCustomer[]>)) => void;

export function ParetoCard({ data }: { data: Pareto }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [measure, setMeasure] = useState<"revenue" | "profit">("revenue");
  const p = data[measure];
  const pts = p.points;
  const top = Math.max(1, p.topCount);
  return (
    <Card
      size="small"
      title={t("kc.pareto")}
      data-testid="pareto"
      extra={
        <Segmented
          size="small"
          value={measure}
          onChange={(v) => setMeasure(v as "revenue" | "profit")}
          options={[
            { value: "revenue", label: t("funnel.revenue") },
            { value: "profit", label: locale === "en" ? "Profit" : "利润" },
          ]}
        />
      }
    >
      <div style={{ marginBottom: 4 }}>
        {t("kc.top20")} <strong style={{ color: "#945e0b", fontSize: 18 }}>{pct(p.topShare)}</strong>{" "}
        <span className="jd-muted">
          ({p.topCount}/{p.customers})
        </span>
      </div>
      <Chart
        height={300}
        ariaLabel={t("kc.pareto")}
        onClick={(e) => {
          const c = pts[e.dataIndex];
          if (c) navigate(`/customers/${c.customerId}`);
        }}
        option={{
          tooltip: {
            trigger: "axis",
            formatter: (ps: Array<{ dataIndex: number }>) => {
              const c = pts[ps[0].dataIndex];
              return c ? `#${c.rank} ${c.name}<br/>${money(c.value, locale)} · ${pct(c.cumulativeShare)} · ${c.abc}` : "";
            },
          },
          grid: { left: 60, right: 50, top: 20, bottom: 30 },
          xAxis: { type: "category", data: pts.map((c) => c.rank), name: "#" },
          yAxis: [
            { type: "value", axisLabel: { formatter: (v: number) => money(v, locale, 0) } },
            { type: "value", max: 1, axisLabel: { formatter: (v: number) => pct(v, 0) } },
          ],
          series: [
            { type: "bar", data: pts.map((c) => ({ value: c.value, itemStyle: { color: c.abc === "A" ? "#c8871a" : c.abc === "B" ? "#e6c68a" : "#ccc" } })) },
            {
              type: "line",
              yAxisIndex: 1,
              symbol: "none",
              data: pts.map((c) => c.cumulativeShare),
              itemStyle: { color: "#333" },
              markLine: {
                symbol: "none",
                lineStyle: { type: "dashed", color: "#cf1322" }, // the 80 % label sits at the start of its line, not at the end where it would overprint the axis's own "80%"
                data: [
                  { yAxis: 0.8, label: { formatter: "80%", position: "insideStartTop" } },
                  { xAxis: String(top), label: { formatter: "20%" } },
                ],
              },
              markPoint: { symbolSize: 44, data: [{ coord: [String(top), p.topShare], value: pct(p.topShare, 0), itemStyle: { color: "#cf1322" } }] },
            },
          ],
        }}
      />
      <Table
        size="small"
        pagination={false}
        rowKey="k"
        style={{ marginTop: 8 }}
        dataSource={(["A", "B", "C"] as const).map((k) => ({ k, ...p.classes[k] }))}
        columns={[
          { title: t("kc.abc"), dataIndex: "k" },
          { title: t("common.count"), dataIndex: "customers", align: "right" },
          { title: t("common.amount"), dataIndex: "value", align: "right", render: (v: number) => money(v, locale) },
          { title: "%", dataIndex: "share", align: "right", render: (v: number) => pct(v) },
        ]}
      />
    </Card>
  );
}

export function PyramidCard({ data, pick }: { data: Pyramid; pick: Pick }) {
  const { t, L, locale } = useI18n();
  const levels = data.levels;
  const open = (i: number) => {
    const lv = levels[i];
    if (lv)
      pick(
        L(lv, "name"),
        data.places.filter((x) => x.tier === lv.key).map((x) => ({ customerId: x.customerId, name: x.name, detail: money(x.profit, locale) })),
      );
  };
  return (
    <Card size="small" title={t("kc.pyramid")} data-testid="pyramid">
      <Chart
        height={260}
        onClick={(e) => open(e.dataIndex)}
        option={{
          tooltip: {
            trigger: "item",
            formatter: (e: { dataIndex: number }) => {
              const lv = levels[e.dataIndex];
              return `${L(lv, "name")} (${pct(lv.share, 0)})<br/>${lv.customers} · ${money(lv.profit, locale)} · ${pct(lv.profitShare)}`;
            },
          },
          color: ["#7a4d0c", "#a86b12", "#d98b2b", "#f5c542"],
          // labels beside the pyramid, not inside it: the tip is narrower than its label
          series: [
            {
              type: "funnel",
              sort: "ascending",
              gap: 2,
              left: 8,
              width: "55%",
              labelLine: { show: true },
              label: {
                position: "right",
                overflow: "truncate",
                width: 160,
                formatter: (e: { dataIndex: number }) => {
                  const lv = levels[e.dataIndex];
                  return `${L(lv, "name")} ${lv.customers} · ${pct(lv.profitShare, 0)}`;
                },
              },
              data: levels.map((lv, i) => ({ name: L(lv, "name"), value: i + 1 })),
            },
          ],
        }}
      />
    </Card>
  );
}

export function RfmCard({ data, pick }: { data: Rfm; pick: Pick }) {
  const { t, L, locale } = useI18n();
  const seg = new Map(data.segments.map((s) => [s.key, L(s, "name")]));
  const cells = data.cells.map((c) => [c.f - 1, c.r - 1, c.customers, c.segment] as const);
  return (
    <Card size="small" title={t("kc.rfm")} data-testid="rfm">
      <Chart
        height={300}
        ariaLabel={t("kc.rfm")}
        onClick={(e) => {
          const [f, r] = (e.data as { value: number[] }).value ?? (e.value as number[]);
          pick(
            `R${r + 1} F${f + 1}`,
            data.scores
              .filter((s) => s.r === r + 1 && s.f === f + 1)
              .map((s) => ({ customerId: s.customerId, name: s.name, detail: `M${s.m} · ${money(s.monetary, locale)}` })),
          );
        }}
        option={{
          tooltip: {
            formatter: (e: { value: [number, number, number, string] }) =>
              `R${e.value[1] + 1} F${e.value[0] + 1}<br/>${seg.get(e.value[3]) ?? e.value[3]}: ${e.value[2]}`,
          },
          grid: { left: 40, right: 20, top: 10, bottom: 60 },
          xAxis: { type: "category", name: "F", data: ["1", "2", "3", "4", "5"], splitArea: { show: true } },
          yAxis: { type: "category", name: "R", data: ["1", "2", "3", "4", "5"], splitArea: { show: true } },
          visualMap: {
            min: 0,
            max: Math.max(1, ...data.cells.map((c) => c.customers)),
            calculable: false,
            orient: "horizontal",
            left: "center",
            bottom: 0,
            inRange: { color: ["#fff8ea", "#c8871a"] },
            itemHeight: 80,
          },
          series: [
            {
              type: "heatmap",
              data: cells.map((c) => ({ value: [c[0], c[1], c[2], c[3]] })),
              label: { show: true, fontSize: 11, formatter: (e: { value: [number, number, number, string] }) => `${seg.get(e.value[3]) ?? ""}\n${e.value[2]}` },
            },
          ],
        }}
      />
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={data.segments.filter((s) => s.customers > 0)}
        onRow={(s) => ({
          onClick: () =>
            pick(
              L(s, "name"),
              data.scores.filter((x) => x.segment === s.key).map((x) => ({ customerId: x.customerId, name: x.name, detail: `R${x.r}F${x.f}M${x.m}` })),
            ),
          style: { cursor: "pointer" },
        })}
        columns={[
          { title: t("kc.rfm"), key: "n", render: (_: unknown, s) => L(s, "name") },
          { title: t("common.count"), dataIndex: "customers", align: "right" },
          { title: "M", dataIndex: "monetary", align: "right", render: (v: number) => money(v, locale) },
          { title: "%", dataIndex: "share", align: "right", render: (v: number) => pct(v) },
        ]}
      />
    </Card>
  );
}

export function KaismCard({ data }: { data: Kaism }) {
  const { t, L, locale } = useI18n();
  const navigate = useNavigate();
  const q = new Map(data.quadrants.map((x) => [x.key, x]));
  const colors: Record<string, string> = { target: "#cf1322", development: "#c8871a", maintenance: "#1677ff", opportunistic: "#8c8c8c" };
  const quadrantKeys = [...new Set(data.places.map((p) => p.quadrant))];
  return (
    <Card size="small" title={t("kc.kaism")} data-testid="kaism">
      <Chart
        height={340}
        ariaLabel={t("kc.kaism")}
        onClick={(e) => {
          const id = (e.data as { customerId?: number }).customerId;
          if (id) navigate(`/customers/${id}`);
        }}
        option={{
          tooltip: {
            formatter: (e: { data: { name: string; value: [number, number]; quadrant: string } }) =>
              `${e.data.name}<br/>${L(q.get(e.data.quadrant), "name")}<br/>${num(e.data.value[0])} / ${num(e.data.value[1])}`,
          },
          legend: { bottom: 0 },
          grid: { left: 50, right: 20, top: 20, bottom: 50 },
          xAxis: { type: "value", min: 0, max: 100, name: locale === "en" ? "Our relative strength" : "我方相对实力", nameLocation: "middle", nameGap: 24 },
          yAxis: { type: "value", min: 0, max: 100, name: locale === "en" ? "Customer attractiveness" : "客户吸引力" },
          series: quadrantKeys.map((k, i) => ({
            name: L(q.get(k), "name") || k,
            type: "scatter",
            symbolSize: 9,
            itemStyle: { color: colors[k] ?? "#999" },
            data: data.places
              .filter((p) => p.quadrant === k)
              .map((p) => ({ value: [p.strength, p.attractiveness], name: p.name, customerId: p.customerId, quadrant: p.quadrant })),
            ...(i === 0
              ? {
                  markLine: {
                    symbol: "none",
                    silent: true,
                    lineStyle: { type: "dashed", color: "#999" },
                    data: [{ xAxis: data.cut.strength }, { yAxis: data.cut.attractiveness }],
                  },
                }
              : {}),
          })),
        }}
      />
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={data.quadrants}
        columns={[
          {
            title: "",
            key: "n",
            width: 120,
            render: (_: unknown, x) => (
              // the series colour as a swatch beside the name, the name itself in the text colour (the colours are for dots, under 4.5:1 as text)
              <span>
                <span
                  aria-hidden
                  style={{ display: "inline-block", width: 8, height: 8, borderRadius: 4, marginInlineEnd: 6, background: colors[x.key] ?? "#999" }}
                />
                {L(x, "name")}
              </span>
            ),
          },
          { title: t("common.count"), dataIndex: "customers", width: 60, align: "right" },
          {
            title: "",
            key: "s",
            render: (_: unknown, x) => (
              <span className="jd-muted" style={{ fontSize: 12 }}>
                {L(x, "strategy")}
              </span>
            ),
          },
        ]}
      />
    </Card>
  );
}

const STAGES = ["market", "prospect", "target", "signed"] as const;
const BANDS = ["low", "medium", "high"] as const;

/** The customers of one signing bucket or matrix cell, all of them, from the server (the overview lists only the top places). */
const placesOf = (params: Record<string, unknown>, narrow: Record<string, string>, locale: "zh-CN" | "en") => () =>
  api
    .get<KeyAccounts>("/reports/key-accounts", { ...(params as Record<string, string>), ...narrow, limit: 100_000 })
    .then((r) => r.places.map((p) => ({ customerId: p.customerId, name: p.name, detail: money(p.profit, locale) })));

export function KeyAccountsCard({ data, pick, params }: { data: KeyAccounts; pick: Pick; params: Record<string, unknown> }) {
  const { t, locale } = useI18n();
  const code = useCode();
  const stageLabel: Record<string, string> =
    locale === "en"
      ? { market: "Target market", prospect: "Prospect", target: "Target", signed: "Signed" }
      : { market: "目标市场", prospect: "潜在客户", target: "目标客户", signed: "签约客户" };
  const bandLabel: Record<string, string> = { low: t("prio.low"), medium: t("prio.medium"), high: t("prio.high") };
  return (
    <Card size="small" title={t("kc.matrix")} data-testid="key-accounts">
      <div className="jd-grid-2">
        <Chart
          height={280}
          onClick={(e) => {
            const [s, b] = (e.data as { value: number[] }).value;
            pick(`${bandLabel[BANDS[b]]} · ${stageLabel[STAGES[s]]}`, placesOf(params, { stage: STAGES[s], band: BANDS[b] }, locale));
          }}
          option={{
            tooltip: {
              formatter: (e: { value: [number, number, number, number] }) =>
                `${bandLabel[BANDS[e.value[1]]]} · ${stageLabel[STAGES[e.value[0]]]}<br/>${e.value[2]} · ${money(e.value[3], locale)}`,
            },
            grid: { left: 60, right: 10, top: 10, bottom: 40 },
            xAxis: { type: "category", data: STAGES.map((s) => stageLabel[s]), splitArea: { show: true } },
            yAxis: { type: "category", data: BANDS.map((b) => bandLabel[b]), splitArea: { show: true } },
            visualMap: { show: false, min: 0, max: Math.max(1, ...data.cells.map((c) => c.customers)), inRange: { color: ["#fff8ea", "#c8871a"] } },
            series: [
              {
                type: "heatmap",
                label: { show: true },
                data: data.cells.map((c) => ({
                  value: [STAGES.indexOf(c.stage as (typeof STAGES)[number]), BANDS.indexOf(c.band as (typeof BANDS)[number]), c.customers, c.profit],
                })),
              },
            ],
          }}
        />
        <Chart
          height={280}
          onClick={(e) => {
            const b = data.signing[e.dataIndex];
            if (b) pick(code("sign", b.bucket), placesOf(params, { signing: b.bucket }, locale));
          }}
          testId="signing-chart"
          option={{
            tooltip: { trigger: "axis" },
            grid: { left: 60, right: 10, top: 10, bottom: 40 },
            xAxis: { type: "category", data: data.signing.map((s) => code("sign", s.bucket)) },
            yAxis: { type: "value", axisLabel: { formatter: (v: number) => money(v, locale, 0) } },
            series: [
              {
                type: "bar",
                barMinHeight: 6,
                data: data.signing.map((s) => s.expectedProfit),
                itemStyle: { color: "#c8871a" },
                label: { show: true, position: "top", formatter: (e: { dataIndex: number }) => String(data.signing[e.dataIndex].customers) },
              },
            ],
          }}
        />
        <Space wrap size={[6, 6]} style={{ marginTop: 4 }} role="group" aria-label={t("kc.signing")}>
          {data.signing.map((b) => (
            <Button
              key={b.bucket}
              size="small"
              disabled={!b.customers}
              data-testid={`signing-${b.bucket}`}
              onClick={() => pick(code("sign", b.bucket), placesOf(params, { signing: b.bucket }, locale))}
            >
              {code("sign", b.bucket)} · {b.customers}
            </Button>
          ))}
        </Space>
      </div>
    </Card>
  );
}

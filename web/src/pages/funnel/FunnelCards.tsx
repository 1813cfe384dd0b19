/** The snapshot, conversion, cycle-time and sources cards of the funnel dashboard. */
import dayjs from "dayjs";
import { useQuery } from "@tanstack/react-query";
import { Card, Table, Tag } from "antd";
import { api } from "../../api/client";
import { Chart } from "../../components/Chart";
import { Unavailable } from "../../components/Unavailable";
import { money, num, pct } from "../../format";
import { useI18n } from "../../i18n";
import type { Conversion, Cycle, Snapshot, Sources } from "./types";

type P = Record<string, unknown>;
const get = <T,>(path: string, params: P) => api.get<T>(path, params as Record<string, string>);
const link = (onClick: () => void, text: string, testId?: string) => (
  <a role="button" tabIndex={0} className="jd-clickable" data-testid={testId} onClick={onClick} onKeyDown={(e) => e.key === "Enter" && onClick()}>
    {text}
  </a>
);

export function SnapshotCard({ params, onDrill }: { params: P; onDrill(stageId: number, title: string): void }) {
  const { t, L, locale } = useI18n();
  const q = useQuery({ queryKey: ["report", "funnel", params], queryFn: () => get<Snapshot>("/reports/funnel", params), meta: { silent: true } });
  const s = q.data;
  return (
    <Card size="small" loading={q.isLoading} title={`${t("funnel.snapshot")} · ${t("common.asOf")} ${s ? dayjs(s.asOf).format("YYYY-MM-DD") : ""}`}>
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        s && (
          <>
            <Chart
              testId="snapshot-funnel"
              height={260}
              ariaLabel={t("funnel.snapshot")}
              onClick={(p) => {
                const st = s.stages[p.dataIndex];
                if (st) onDrill(st.stageId, L(st, "name"));
              }}
              option={{
                tooltip: {
                  trigger: "item",
                  formatter: (p: { dataIndex: number }) => {
                    const st = s.stages[p.dataIndex];
                    return `${L(st, "name")}<br/>${st.count} · ${money(st.amountFen, locale)}<br/>${t("common.weighted")} ${money(st.weightedFen, locale)}`;
                  },
                },
                color: ["#f5c542", "#e8a93a", "#d98b2b", "#c8871a", "#a86b12", "#7a4d0c"],
                series: [
                  {
                    type: "funnel",
                    sort: "none",
                    gap: 2,
                    left: "10%",
                    width: "80%",
                    minSize: "20%",
                    label: { position: "inside", formatter: "{b}  {c}" },
                    data: s.stages.map((st) => ({ name: L(st, "name"), value: st.count })),
                  },
                ],
              }}
            />
            <Table
              size="small"
              rowKey="stageId"
              pagination={false}
              dataSource={s.stages}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{t("common.total")}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {s.total.count}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {money(s.total.amountFen, locale)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {money(s.total.weightedFen, locale)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
              columns={[
                { title: t("common.stage"), key: "n", render: (_: unknown, r) => `${L(r, "name")} (${r.probability}%)` },
                {
                  title: t("common.count"),
                  dataIndex: "count",
                  align: "right",
                  render: (v: number, r) => link(() => onDrill(r.stageId, L(r, "name")), String(v), `snapshot-count-${r.stageId}`),
                },
                { title: t("common.amount"), dataIndex: "amountFen", align: "right", render: (v: number) => money(v, locale) },
                { title: t("common.weighted"), dataIndex: "weightedFen", align: "right", render: (v: number) => money(v, locale) },
              ]}
            />
          </>
        )
      )}
    </Card>
  );
}

export function ConversionCard({ params, onDrill }: { params: P; onDrill(key: string, title: string): void }) {
  const { t, L } = useI18n();
  const q = useQuery({ queryKey: ["report", "conversion", params], queryFn: () => get<Conversion>("/reports/conversion", params), meta: { silent: true } });
  const c = q.data;
  const name = (id: number) => {
    const s = c?.stages.find((x) => x.stageId === id);
    return s ? L(s, "name") : String(id);
  };
  const isBottleneck = (from: number) => c?.bottleneck?.fromStageId === from;
  return (
    <Card
      size="small"
      loading={q.isLoading}
      title={`${t("funnel.conversion")} · ${c?.period.key ?? ""}`}
      extra={
        c && (
          <span>
            {t("funnel.rate")} {pct(c.overall)}{" "}
            <span className="jd-muted">
              ({t("funnel.change")} {c.overallChange === null ? "—" : `${c.overallChange >= 0 ? "+" : ""}${pct(c.overallChange)}`})
            </span>
          </span>
        )
      }
    >
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        c && (
          <>
            <Chart
              height={220}
              ariaLabel={t("funnel.conversion")}
              onClick={(p) => {
                const s = c.stages[p.dataIndex];
                if (s) onDrill(`stage:${s.stageId}`, `${t("funnel.reached")} ${L(s, "name")}`);
              }}
              option={{
                tooltip: { trigger: "axis" },
                grid: { left: 40, right: 10, top: 20, bottom: 40 },
                xAxis: { type: "category", data: c.stages.map((s) => L(s, "name")), axisLabel: { interval: 0, rotate: c.stages.length > 5 ? 20 : 0 } },
                yAxis: { type: "value" },
                series: [
                  {
                    name: t("funnel.reached"),
                    type: "bar",
                    data: c.stages.map((s, i) => ({
                      value: s.reached,
                      itemStyle: { color: i > 0 && isBottleneck(c.stages[i - 1].stageId) ? "#cf1322" : "#c8871a" },
                    })),
                  },
                  { name: t("funnel.lost"), type: "bar", data: c.stages.map((s) => s.lostHere), itemStyle: { color: "#bbb" } },
                ],
              }}
            />
            {c.bottleneck && (
              <div className="jd-bottleneck" data-testid="bottleneck" style={{ marginBottom: 6 }}>
                {t("funnel.bottleneck")}: {name(c.bottleneck.fromStageId)} → {name(c.bottleneck.toStageId)} · {t("funnel.lost")} {pct(c.bottleneck.lossRatio)}
                {c.bottleneck.lossRatioChange !== null && (
                  <span className="jd-muted" style={{ fontWeight: 400 }}>
                    {" "}
                    ({t("funnel.change")} {c.bottleneck.lossRatioChange >= 0 ? "+" : ""}
                    {pct(c.bottleneck.lossRatioChange)})
                  </span>
                )}
              </div>
            )}
            <Table
              // as wide as its columns need, scrolling inside the card on a phone (headers were one character wide)
              scroll={{ x: "max-content" }}
              size="small"
              rowKey="fromStageId"
              pagination={false}
              dataSource={c.steps}
              rowClassName={(r) => (isBottleneck(r.fromStageId) ? "jd-bottleneck" : "")}
              columns={[
                {
                  title: t("common.stage"),
                  key: "s",
                  render: (_: unknown, r) => (
                    <>
                      {name(r.fromStageId)} → {name(r.toStageId)} {isBottleneck(r.fromStageId) && <Tag color="red">{t("funnel.bottleneck")}</Tag>}
                    </>
                  ),
                },
                { title: t("funnel.rate"), dataIndex: "rate", align: "right", render: (v: number | null) => pct(v) },
                {
                  title: t("funnel.change"),
                  dataIndex: "rateChange",
                  align: "right",
                  render: (v: number | null) =>
                    v === null ? (
                      "—"
                    ) : (
                      <span style={{ color: v >= 0 ? "#237804" : "#cf1322" }}>
                        {v >= 0 ? "+" : ""}
                        {pct(v)}
                      </span>
                    ),
                },
                {
                  title: t("funnel.lost"),
                  dataIndex: "lost",
                  align: "right",
                  render: (v: number, r) => link(() => onDrill(`dropped:${r.fromStageId}`, `${t("funnel.lost")} ${name(r.fromStageId)}`), String(v)),
                },
                { title: t("funnel.target"), dataIndex: "targetRate", align: "right", render: (v: number | null) => pct(v) },
              ]}
            />
          </>
        )
      )}
    </Card>
  );
}

export function CycleCard({ params }: { params: P }) {
  const { t, L } = useI18n();
  const q = useQuery({ queryKey: ["report", "cycle", params], queryFn: () => get<Cycle>("/reports/cycle-time", params), meta: { silent: true } });
  const c = q.data;
  return (
    <Card
      size="small"
      loading={q.isLoading}
      title={t("funnel.cycle")}
      extra={
        c && (
          <span>
            {t("status.won")} ⌀ {num(c.won.medianDays)} {t("common.days")}
          </span>
        )
      }
    >
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        c && (
          <div className="jd-grid-2">
            <Chart
              lazy
              height={240}
              option={{
                tooltip: { trigger: "axis" },
                legend: { bottom: 0 },
                grid: { left: 40, right: 10, top: 10, bottom: 50 },
                xAxis: { type: "category", data: c.stages.map((s) => L(s, "name")), axisLabel: { interval: 0, rotate: 25 } },
                yAxis: { type: "value", name: t("common.days") },
                series: [
                  {
                    name: t("funnel.median"),
                    type: "bar",
                    data: c.stages.map((s) => (s.medianDays === null ? null : Math.round(s.medianDays))),
                    itemStyle: { color: "#c8871a" },
                  },
                  {
                    name: t("funnel.p90"),
                    type: "bar",
                    data: c.stages.map((s) => (s.p90Days === null ? null : Math.round(s.p90Days))),
                    itemStyle: { color: "#e6c68a" },
                  },
                ],
              }}
            />
            <Chart
              lazy
              height={240}
              option={{
                tooltip: { trigger: "axis" },
                grid: { left: 40, right: 10, top: 20, bottom: 30 },
                xAxis: { type: "category", data: c.periods.map((p) => p.key) },
                yAxis: { type: "value", name: t("funnel.salesCycle") },
                series: [
                  {
                    name: t("funnel.salesCycle"),
                    type: "line",
                    smooth: true,
                    connectNulls: true,
                    data: c.periods.map((p) => (p.won.medianDays === null ? null : Math.round(p.won.medianDays))),
                    itemStyle: { color: "#c8871a" },
                  },
                ],
              }}
            />
          </div>
        )
      )}
    </Card>
  );
}

export function SourcesCard({ params, onDrill }: { params: P; onDrill(source: string, title: string): void }) {
  const { t, L, locale } = useI18n();
  const q = useQuery({ queryKey: ["report", "sources", params], queryFn: () => get<Sources>("/reports/sources", params), meta: { silent: true } });
  const s = q.data;
  type Row = Sources["sources"][number];
  return (
    <Card size="small" loading={q.isLoading} title={`${t("funnel.sources")} · ${s?.period.key ?? ""}`}>
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        s && (
          <div className="jd-split jd-split-2-1">
            <Table<Row>
              // as wide as its columns need, scrolling inside the card on a phone (headers were one character wide)
              scroll={{ x: "max-content" }}
              size="small"
              rowKey="source"
              pagination={false}
              dataSource={s.sources}
              columns={[
                { title: t("common.source"), key: "n", render: (_: unknown, r) => L(r, "name") },
                {
                  title: t("common.count"),
                  dataIndex: "created",
                  align: "right",
                  render: (v: number, r) => link(() => onDrill(r.source, L(r, "name")), String(v)),
                },
                { title: t("common.amount"), dataIndex: "amountFen", align: "right", render: (v: number) => money(v, locale) },
                { title: t("status.won"), dataIndex: "won", align: "right" },
                { title: t("funnel.rate"), dataIndex: "winRate", align: "right", render: (v: number | null) => pct(v) },
                { title: t("funnel.revenue"), dataIndex: "wonFen", align: "right", render: (v: number) => money(v, locale) },
                { title: t("funnel.salesCycle"), dataIndex: "avgCycleDays", align: "right", render: (v: number | null) => num(v) },
              ]}
            />
            <Chart
              lazy
              height={220}
              onClick={(p) => {
                const r = s.sources[p.dataIndex];
                if (r) onDrill(r.source, L(r, "name"));
              }}
              option={{
                tooltip: { trigger: "item" },
                series: [{ type: "pie", radius: ["35%", "70%"], data: s.sources.map((r) => ({ name: L(r, "name"), value: r.created })) }],
              }}
            />
          </div>
        )
      )}
    </Card>
  );
}

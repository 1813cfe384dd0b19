/** Retention per month (active, retained, new; retention and churn rate) and the cohort triangle; repurchase rate. */
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Space, Statistic, Table } from "antd";
import { api } from "../../api/client";
import { Chart } from "../../components/Chart";
import { downloadCsv } from "../../components/csvDownload";
import { Unavailable } from "../../components/Unavailable";
import { pct } from "../../format";
import { useI18n } from "../../i18n";
import type { Retention, RetentionPeriod } from "./types";
import { useValueFilters } from "./filters";

export function RetentionTab() {
  const { t } = useI18n();
  const f = useValueFilters();
  const q = useQuery({ queryKey: ["retention", f], queryFn: () => api.get<Retention>("/reports/retention", f) });
  if (q.error) return <Unavailable error={q.error} />;
  const r = q.data;
  const exportCsv = () =>
    r &&
    downloadCsv(
      `retention-${r.window.from}-${r.window.to}.csv`,
      [t("common.period"), t("value.active"), t("value.new"), t("value.retained"), t("value.retentionRate"), t("value.churnRate")],
      r.periods.map((p) => [p.key, p.active, p.new, p.retained, pct(p.retentionRate), pct(p.churnRate)]),
    );
  const width = Math.max(0, ...(r?.cohorts ?? []).map((c) => c.shares.length));
  return (
    <Space direction="vertical" style={{ width: "100%" }} size={16}>
      <Card
        size="small"
        loading={q.isLoading}
        title={`${t("value.retention")} · ${r?.window.from ?? ""} ~ ${r?.window.to ?? ""}`}
        data-testid="retention"
        extra={
          <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!r?.periods.length}>
            {t("common.export")}
          </Button>
        }
      >
        {r && (
          <>
            <Space size="large" wrap>
              <Statistic title={t("value.buyers")} value={r.repurchase.buyers} />
              <Statistic title={t("value.repeatBuyers")} value={r.repurchase.repeatBuyers} />
              <Statistic title={t("value.repurchaseRate")} value={pct(r.repurchase.rate)} />
            </Space>
            <Chart
              height={260}
              ariaLabel={t("value.retention")}
              option={{
                tooltip: { trigger: "axis" },
                legend: { top: 0 },
                grid: { left: 40, right: 40, top: 30, bottom: 30 },
                xAxis: { type: "category", data: r.periods.map((p) => p.key) },
                yAxis: [{ type: "value" }, { type: "value", max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }],
                series: [
                  { name: t("value.active"), type: "bar", data: r.periods.map((p) => p.active) },
                  { name: t("value.new"), type: "bar", data: r.periods.map((p) => p.new) },
                  { name: t("value.retentionRate"), type: "line", yAxisIndex: 1, data: r.periods.map((p) => p.retentionRate) },
                ],
              }}
            />
            <Table<RetentionPeriod>
              size="small"
              rowKey="key"
              dataSource={r.periods}
              pagination={false}
              scroll={{ x: 640 }}
              columns={[
                { title: t("common.period"), dataIndex: "key", width: 90 },
                { title: t("value.active"), dataIndex: "active", align: "right" },
                { title: t("value.new"), dataIndex: "new", align: "right" },
                { title: t("value.retained"), dataIndex: "retained", align: "right" },
                { title: t("value.retentionRate"), dataIndex: "retentionRate", align: "right", render: (v: number | null) => pct(v) },
                { title: t("value.churnRate"), dataIndex: "churnRate", align: "right", render: (v: number | null) => pct(v) },
              ]}
            />
          </>
        )}
      </Card>
      <Card size="small" loading={q.isLoading} title={t("value.cohorts")} data-testid="cohorts">
        {r && (
          <Table
            size="small"
            rowKey="key"
            dataSource={r.cohorts}
            pagination={false}
            scroll={{ x: 160 + width * 64 }}
            columns={[
              { title: t("value.cohort"), dataIndex: "key", width: 90, fixed: "left" },
              { title: t("value.cohortSize"), dataIndex: "size", width: 70, align: "right" },
              ...Array.from({ length: width }, (_, k) => ({
                title: t("value.monthN", { n: k }),
                key: `m${k}`,
                width: 64,
                align: "right" as const,
                render: (_: unknown, c: Retention["cohorts"][number]) => {
                  const s = c.shares[k];
                  return s == null ? (
                    ""
                  ) : (
                    <span style={{ background: `rgba(200,135,26,${0.15 + s * 0.6})`, padding: "0 4px", borderRadius: 2 }}>{pct(s, 0)}</span>
                  );
                },
              })),
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

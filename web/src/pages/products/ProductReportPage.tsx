/** Product analytics: revenue, units, win rate and average price by product and by category for deals closed in a period, with a revenue chart. */
import { useQuery } from "@tanstack/react-query";
import { Card, Segmented, Space, Statistic, Table, Typography } from "antd";
import { useMemo } from "react";
import { api } from "../../api/client";
import { Chart, type ChartOption } from "../../components/Chart";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { PeriodPicker } from "../../components/PeriodPicker";
import { Unavailable } from "../../components/Unavailable";
import { money, num, pct } from "../../format";
import { useI18n } from "../../i18n";

interface Row {
  productId?: number;
  code?: string;
  name?: string;
  category: string | null;
  revenueFen: number;
  units: number;
  won: number;
  lost: number;
  winRate: number | null;
  avgPriceFen: number | null;
}
interface Report {
  range: { key: string; from: string; to: string };
  totals: { revenueFen: number; units: number; avgPriceFen: number | null };
  products: Row[];
  categories: Row[];
}

export default function ProductReportPage() {
  const { t, locale } = useI18n();
  const { values, set } = useFilters(["owner", "team", "source", "tier", "product", "period", "by"]);
  const by = values.by === "category" ? "category" : "product";
  const params = { owner: values.owner, team: values.team, source: values.source, tier: values.tier, product: values.product, period: values.period };
  const q = useQuery({ queryKey: ["reports", "products", params], queryFn: () => api.get<Report>("/reports/products", params), meta: { silent: true } });
  const rows = (by === "category" ? q.data?.categories : q.data?.products) ?? [];
  const label = (r: Row) => (by === "category" ? (r.category ?? t("prod.uncategorised")) : `${r.name}`);
  const option = useMemo<ChartOption>(() => {
    const top = rows.slice(0, 12).reverse();
    return {
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: (v: unknown) => money(Number(v) * 100, locale) },
      xAxis: { type: "value", axisLabel: { formatter: (v: number) => money(v * 100, locale, 0) } },
      yAxis: { type: "category", data: top.map(label), axisLabel: { width: 90, overflow: "truncate" } },
      series: [{ type: "bar", name: t("prod.revenue"), data: top.map((r) => r.revenueFen / 100), itemStyle: { color: "#d4a017" } }],
    };
  }, [rows, locale, t]);
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("nav.productReport")}
        </Typography.Title>
        <PeriodPicker value={values.period ?? q.data?.range.key} onChange={(k) => set("period", k)} />
        <Segmented
          value={by}
          onChange={(v) => set("by", v === "category" ? "category" : null)}
          options={[
            { value: "product", label: t("prod.byProduct") },
            { value: "category", label: t("prod.byCategory") },
          ]}
        />
        <FilterBar show={["owner", "team", "source", "tier", "product"]} />
      </Space>
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Typography.Text type="secondary">
            {t("prod.reportHint")} {q.data && `${q.data.range.from} … ${q.data.range.to}`}
          </Typography.Text>
          <div className="jd-grid-2">
            <Card size="small" loading={q.isLoading}>
              <Space wrap size="large">
                <Statistic title={t("prod.revenue")} value={money(q.data?.totals.revenueFen ?? 0, locale)} />
                <Statistic title={t("prod.units")} value={num(q.data?.totals.units ?? 0)} />
                <Statistic title={t("prod.avgPrice")} value={money(q.data?.totals.avgPriceFen ?? null, locale)} />
              </Space>
            </Card>
            <Card size="small" title={t("prod.chartRevenue")} loading={q.isLoading}>
              {rows.length ? (
                <Chart option={option} height={Math.max(160, Math.min(rows.length, 12) * 28 + 40)} testId="product-chart" ariaLabel={t("prod.chartRevenue")} />
              ) : (
                <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
              )}
            </Card>
          </div>
          <Card size="small">
            <Table<Row>
              size="small"
              rowKey={(r) => String(r.productId ?? r.category)}
              dataSource={rows}
              pagination={false}
              scroll={{ x: true }}
              loading={q.isLoading}
              locale={{ emptyText: t("common.none") }}
              data-testid="product-report-table"
              columns={[
                { title: by === "category" ? t("prod.category") : t("prod.product"), render: (_: unknown, r) => label(r) },
                ...(by === "product"
                  ? [
                      {
                        title: t("prod.category"),
                        dataIndex: "category",
                        render: (v: string | null) => v ?? t("prod.uncategorised"),
                        responsive: ["md" as const],
                      },
                    ]
                  : []),
                { title: t("prod.revenue"), dataIndex: "revenueFen", align: "right" as const, render: (v: number) => money(v, locale) },
                { title: t("prod.units"), dataIndex: "units", align: "right" as const, render: (v: number) => num(v) },
                { title: t("prod.winRate"), dataIndex: "winRate", align: "right" as const, render: (v: number | null) => pct(v) },
                { title: t("prod.won"), dataIndex: "won", align: "right" as const, responsive: ["md" as const] },
                { title: t("prod.lost"), dataIndex: "lost", align: "right" as const, responsive: ["md" as const] },
                { title: t("prod.avgPrice"), dataIndex: "avgPriceFen", align: "right" as const, render: (v: number | null) => money(v, locale) },
              ]}
            />
          </Card>
        </Space>
      )}
    </div>
  );
}

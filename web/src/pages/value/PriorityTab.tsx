/** Priority (GET /reports/priority): high / medium / low counts with their revisit cadence, and the ranked customers; a customer's page shows its priority history. */
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Segmented, Table, Tag } from "antd";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { downloadCsv } from "../../components/csvDownload";
import { Unavailable } from "../../components/Unavailable";
import { money, num } from "../../format";
import { useI18n } from "../../i18n";
import type { Priority } from "./types";
import { useValueFilters } from "./filters";

const COLOR = { high: "red", medium: "orange", low: "default" } as const;

export function PriorityTab() {
  const { t, locale } = useI18n();
  const f = useValueFilters();
  const [params, setParams] = useSearchParams();
  const level = params.get("prio") ?? undefined;
  const q = useQuery({ queryKey: ["priority", f], queryFn: () => api.get<Priority>("/reports/priority", { ...f, limit: 100000 }) });
  if (q.error) return <Unavailable error={q.error} />;
  const r = q.data;
  const rows = (r?.customers ?? []).filter((c) => !level || c.priority === level);
  const pick = (g: string | undefined) => {
    const n = new URLSearchParams(params);
    if (g) n.set("prio", g);
    else n.delete("prio");
    setParams(n, { replace: true });
  };
  const exportCsv = () =>
    downloadCsv(
      "priority.csv",
      [t("common.customer"), t("cust.priority"), t("value.score"), t("value.orderAmount"), t("home.openPipeline")],
      rows.map((c) => [c.name ?? c.customerId, t(`prio.${c.priority}`), Math.round(c.score * 10) / 10, c.revenue / 100, c.openAmount / 100]),
    );
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="priority"
      title={
        r && (
          <Segmented
            value={level ?? "all"}
            onChange={(v) => pick(v === "all" ? undefined : String(v))}
            options={[
              { value: "all", label: t("common.all") },
              ...(["high", "medium", "low"] as const).map((p) => ({
                value: p,
                label: (
                  <span data-testid={`prio-${p}`}>
                    {t(`prio.${p}`)} {r.counts[p]} · {t("value.revisit", { n: r.revisitDays[p] ?? "—" })}
                  </span>
                ),
              })),
            ]}
          />
        )
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!rows.length}>
          {t("common.export")}
        </Button>
      }
    >
      {r && (
        <Table
          size="small"
          rowKey="customerId"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t("cash.rows", { n }) }}
          scroll={{ x: 600 }}
          columns={[
            {
              title: t("common.customer"),
              dataIndex: "name",
              render: (v: string | null, c) => <Link to={`/customers/${c.customerId}`}>{v ?? `#${c.customerId}`}</Link>,
            },
            { title: t("cust.priority"), dataIndex: "priority", width: 80, render: (p: keyof typeof COLOR) => <Tag color={COLOR[p]}>{t(`prio.${p}`)}</Tag> },
            { title: t("value.score"), dataIndex: "score", align: "right", render: (v: number) => num(v, 1) },
            { title: t("value.orderAmount"), dataIndex: "revenue", align: "right", render: (v: number) => money(v, locale) },
            { title: t("home.openPipeline"), dataIndex: "openAmount", align: "right", render: (v: number) => money(v, locale) },
          ]}
        />
      )}
    </Card>
  );
}

/** 客户等级 (GET /reports/grades): customers and order amount per grade; a grade lists its customers, each opening the 360 page. */
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Segmented, Space, Table, Tag } from "antd";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { downloadCsv } from "../../components/csvDownload";
import { Unavailable } from "../../components/Unavailable";
import { money, num } from "../../format";
import { useI18n } from "../../i18n";
import type { Grades } from "./types";
import { useValueFilters } from "./filters";

export function GradesTab() {
  const { t, locale } = useI18n();
  const f = useValueFilters();
  const [params, setParams] = useSearchParams();
  const grade = params.get("grade") ?? undefined;
  const q = useQuery({ queryKey: ["grades", f], queryFn: () => api.get<Grades>("/reports/grades", { ...f, limit: 100000 }) });
  if (q.error) return <Unavailable error={q.error} />;
  const r = q.data;
  const rows = (r?.customers ?? []).filter((c) => !grade || c.grade === grade);
  const pick = (g: string | undefined) => {
    const n = new URLSearchParams(params);
    if (g) n.set("grade", g);
    else n.delete("grade");
    setParams(n, { replace: true });
  };
  const exportCsv = () =>
    downloadCsv(
      "grades.csv",
      [t("common.customer"), t("value.grade"), t("value.composite"), t("value.orderAmount"), t("value.profit")],
      rows.map((c) => [c.name ?? c.customerId, c.grade, Math.round(c.composite * 10) / 10, c.orderAmount / 100, c.profit / 100]),
    );
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="grades"
      title={
        r && (
          <Segmented
            value={grade ?? "all"}
            onChange={(v) => pick(v === "all" ? undefined : String(v))}
            options={[
              { value: "all", label: t("common.all") },
              ...r.summary.map((s) => ({
                value: s.grade,
                label: (
                  <span data-testid={`grade-${s.grade}`}>
                    {s.grade} · {s.customers}
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
        <>
          <Space wrap size="large" style={{ marginBottom: 12 }}>
            {r.summary.map((s) => (
              <span key={s.grade}>
                <Tag color="gold">{s.grade}</Tag>
                {t("value.gradeLine", { min: s.min, n: s.customers, amount: money(s.orderAmount, locale) })}
              </span>
            ))}
          </Space>
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
              { title: t("value.grade"), dataIndex: "grade", width: 70, render: (g: string) => <Tag color="gold">{g}</Tag> },
              { title: t("value.composite"), dataIndex: "composite", align: "right", render: (v: number) => num(v, 1) },
              { title: t("value.orderAmount"), dataIndex: "orderAmount", align: "right", render: (v: number) => money(v, locale) },
              { title: t("value.profit"), dataIndex: "profit", align: "right", render: (v: number) => money(v, locale) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

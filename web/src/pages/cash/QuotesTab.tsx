/** The quotes the viewer may see (GET /quotes), by status; a row opens its opportunity. */
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Select, Table, Tag } from "antd";
import { Link } from "react-router";
import { api } from "../../api/client";
import { downloadCsv } from "../../components/csvDownload";
import { useFilters } from "../../components/FilterBar";
import { Unavailable } from "../../components/Unavailable";
import { day, money } from "../../format";
import { type MessageKey, useI18n } from "../../i18n";
import { QUOTE_STATUSES, type QuoteRow } from "./types";

export const quoteColor: Record<string, string> = {
  draft: "default",
  pending_approval: "orange",
  approved: "green",
  rejected: "red",
  sent: "blue",
  accepted: "cyan",
  declined: "volcano",
};

export function QuotesTab() {
  const { t, locale } = useI18n();
  const { values, set } = useFilters(["qstatus"]);
  const q = useQuery({ queryKey: ["quotes", "all", values.qstatus], queryFn: () => api.get<{ items: QuoteRow[] }>("/quotes", { status: values.qstatus }) });
  const rows = q.data?.items ?? [];
  const label = (s: string) => t(`qst.${s}` as MessageKey);
  const exportCsv = () =>
    downloadCsv(
      "quotes.csv",
      [t("cash.quoteNumber"), t("common.title"), t("common.status"), t("cash.discount"), t("common.amount"), t("common.date")],
      rows.map((r) => [r.number, r.opportunity_title, label(r.status), (r.discount_bp / 100).toFixed(1) + "%", Number(r.total_fen) / 100, day(r.updated_at)]),
    );
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="quotes"
      title={
        <Select
          allowClear
          placeholder={t("common.status")}
          aria-label={t("common.status")}
          style={{ width: 140 }}
          value={values.qstatus}
          onChange={(v) => set("qstatus", v)}
          options={QUOTE_STATUSES.map((s) => ({ value: s, label: label(s) }))}
        />
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!rows.length}>
          {t("common.export")}
        </Button>
      }
    >
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        <Table<QuoteRow>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t("cash.rows", { n }) }}
          scroll={{ x: 680 }}
          columns={[
            { title: t("cash.quoteNumber"), dataIndex: "number", width: 110 },
            { title: t("common.title"), dataIndex: "opportunity_title", render: (v: string, r) => <Link to={`/opportunities/${r.opportunity_id}`}>{v}</Link> },
            { title: t("common.status"), dataIndex: "status", width: 100, render: (s: string) => <Tag color={quoteColor[s]}>{label(s)}</Tag> },
            { title: t("cash.round"), dataIndex: "round", width: 60, align: "right" },
            { title: t("cash.discount"), dataIndex: "discount_bp", width: 80, align: "right", render: (v: number) => `${(v / 100).toFixed(1)}%` },
            {
              title: t("common.amount"),
              dataIndex: "total_fen",
              align: "right",
              render: (v: number) => money(Number(v), locale),
              sorter: (a, b) => a.total_fen - b.total_fen,
            },
            { title: t("common.date"), dataIndex: "updated_at", width: 110, render: day },
          ]}
        />
      )}
    </Card>
  );
}

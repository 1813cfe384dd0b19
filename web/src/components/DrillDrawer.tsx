/** The opportunities behind a number: a report's drill ids, listed with links (GET /opportunities?ids=). */
import { useQuery } from "@tanstack/react-query";
import { Drawer, Table, Tag } from "antd";
import { Link } from "react-router";
import { api } from "../api/client";
import type { Opportunity, Page } from "../api/types";
import { day, money } from "../format";
import { useI18n } from "../i18n";

export interface Drill {
  title: string;
  ids: number[];
  total?: number;
}

export function DrillDrawer({ drill, onClose }: { drill: Drill | null; onClose(): void }) {
  const { t, L, locale } = useI18n();
  const ids = drill?.ids.slice(0, 500) ?? [];
  const q = useQuery({
    queryKey: ["drill", ids],
    enabled: ids.length > 0,
    queryFn: () => api.get<Page<Opportunity>>("/opportunities", { ids: ids.join(","), limit: 500 }),
  });
  return (
    <Drawer open={!!drill} onClose={onClose} size={760} title={`${t("funnel.drill")} · ${drill?.title ?? ""} (${drill?.total ?? ids.length})`} destroyOnHidden>
      <Table<Opportunity>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="drill-table"
        columns={[
          {
            title: t("common.customer"),
            dataIndex: "customerName",
            ellipsis: true,
            render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link>,
          },
          { title: t("common.title"), dataIndex: "title", ellipsis: true, render: (v: string, r) => <Link to={`/opportunities/${r.id}`}>{v}</Link> },
          { title: t("common.stage"), key: "s", width: 100, render: (_: unknown, r) => L(r, "stageName") },
          {
            title: t("common.status"),
            dataIndex: "status",
            width: 70,
            render: (s: string) => <Tag color={s === "won" ? "green" : s === "lost" ? "red" : "gold"}>{t(`status.${s}` as "status.open")}</Tag>,
          },
          {
            title: t("common.amount"),
            dataIndex: "amountFen",
            width: 90,
            align: "right",
            sorter: (a, b) => a.amountFen - b.amountFen,
            render: (v: number) => money(v, locale),
          },
          { title: t("board.expected"), dataIndex: "expectedCloseDate", width: 100, render: day },
          { title: t("common.owner"), dataIndex: "ownerName", width: 80 },
        ]}
      />
    </Drawer>
  );
}

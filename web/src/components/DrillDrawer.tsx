/** The opportunities behind a number: a report's drill ids, listed with links (GET /opportunities?ids=). */
import { useQuery } from "@tanstack/react-query";
import { Drawer, Table } from "antd";
import { api } from "../api/client";
import type { Opportunity, Page } from "../api/types";
import { useI18n } from "../i18n";
import { drillColumns } from "./drillColumns";

export interface Drill {
  title: string;
  ids: number[];
  total?: number;
}

export function DrillDrawer({ drill, onClose }: { drill: Drill | null; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
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
        columns={drillColumns(i18n)}
      />
    </Drawer>
  );
}

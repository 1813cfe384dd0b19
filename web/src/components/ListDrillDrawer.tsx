/**
 * The opportunities behind a figure, asked of the server by filter (GET /opportunities with the figure's filters), paged by
 * keyset cursor: the header's count and sums come from GET /opportunities/totals over the same filters, so they equal the
 * figure however many rows there are; the export walks every page of exactly those rows.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Drawer, Space, Table } from "antd";
import { useState } from "react";
import { api, type Params } from "../api/client";
import type { Opportunity, Page } from "../api/types";
import { money } from "../format";
import { useI18n } from "../i18n";
import { downloadCsv } from "./csvDownload";
import { drillColumns, drillCsv } from "./drillColumns";

export interface ListDrill {
  title: string;
  filter: Params;
}
interface Totals {
  count: number;
  amountFen: number;
  weightedFen: number;
}
const PAGE = 20;

export function ListDrillDrawer({ drill, onClose }: { drill: ListDrill | null; onClose(): void }) {
  return drill ? <Open key={JSON.stringify(drill)} drill={drill} onClose={onClose} /> : null;
}

function Open({ drill, onClose }: { drill: ListDrill; onClose(): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  // cursors[i] opens page i (page 0 has none)
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState(0);
  const [exporting, setExporting] = useState(false);
  const totals = useQuery({ queryKey: ["drill-totals", drill.filter], queryFn: () => api.get<Totals>("/opportunities/totals", drill.filter) });
  const rows = useQuery({
    queryKey: ["drill-list", drill.filter, cursors[page]],
    queryFn: () => api.get<Page<Opportunity>>("/opportunities", { ...drill.filter, sort: "-amount", limit: PAGE, cursor: cursors[page] }),
  });
  const next = rows.data?.nextCursor ?? null;
  const pages = Math.max(1, Math.ceil((totals.data?.count ?? 0) / PAGE));
  const goNext = () => {
    if (!next) return;
    setCursors((c) => [...c.slice(0, page + 1), next]);
    setPage(page + 1);
  };
  const exportAll = async () => {
    setExporting(true);
    try {
      const all: Opportunity[] = [];
      let cursor: string | undefined;
      do {
        const p = await api.get<Page<Opportunity>>("/opportunities", { ...drill.filter, sort: "-amount", limit: 1000, cursor });
        all.push(...p.items);
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      const csv = drillCsv(i18n, all);
      downloadCsv(`${drill.title}.csv`, csv.header, csv.rows);
    } finally {
      setExporting(false);
    }
  };
  const tot = totals.data;
  return (
    <Drawer open onClose={onClose} size={760} title={`${t("funnel.drill")} · ${drill.title}`} destroyOnHidden>
      <Space wrap style={{ marginBottom: 8, justifyContent: "space-between", width: "100%" }}>
        <span data-testid="drill-summary" data-count={tot?.count} data-amount={tot?.amountFen} data-weighted={tot?.weightedFen}>
          {tot ? t("drill.summary", { count: tot.count, amount: money(tot.amountFen, locale), weighted: money(tot.weightedFen, locale) }) : t("common.loading")}
        </span>
        <Button size="small" onClick={exportAll} loading={exporting} disabled={!tot?.count} data-testid="drill-export">
          {exporting ? t("drill.exporting") : `${t("common.export")} CSV`}
        </Button>
      </Space>
      <Table<Opportunity>
        size="small"
        rowKey="id"
        loading={rows.isLoading}
        dataSource={rows.data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        data-testid="drill-table"
        columns={drillColumns(i18n)}
      />
      <Space style={{ marginTop: 8 }}>
        <Button size="small" disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="drill-prev">
          {t("drill.prev")}
        </Button>
        <span>{t("drill.page", { page: page + 1, pages })}</span>
        <Button size="small" disabled={!next} onClick={goNext} data-testid="drill-next">
          {t("drill.next")}
        </Button>
      </Space>
    </Drawer>
  );
}

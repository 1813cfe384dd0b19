/**
 * The briefing's overdue follow-ups: the first page comes with the briefing; when there are more than it carries, the
 * list pages through GET /followups/overdue by keyset cursor, and the count is the server's true total, never a capped list's length.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Space } from "antd";
import { type ReactNode, useState } from "react";
import { api } from "../../api/client";
import type { Activity, Page } from "../../api/types";
import { useI18n } from "../../i18n";

const PAGE = 20;

export function OverdueList({ first, total, render }: { first: Activity[]; total: number; render(items: Activity[]): ReactNode }) {
  const { t } = useI18n();
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState(0);
  const paged = total > first.length;
  const q = useQuery({
    queryKey: ["briefing", "overdue", cursors[page]],
    enabled: paged,
    queryFn: () => api.get<Page<Activity> & { total: number }>("/followups/overdue", { limit: PAGE, cursor: cursors[page] }),
  });
  if (!paged) return <>{render(first)}</>;
  const items = q.data?.items ?? (page === 0 ? first.slice(0, PAGE) : []);
  const next = q.data?.nextCursor ?? null;
  const pages = Math.max(1, Math.ceil((q.data?.total ?? total) / PAGE));
  return (
    <>
      {render(items)}
      <Space style={{ marginTop: 8 }} data-testid="overdue-pager">
        <Button size="small" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t("drill.prev")}
        </Button>
        <span>{t("drill.page", { page: page + 1, pages })}</span>
        <Button
          size="small"
          disabled={!next}
          data-testid="overdue-next"
          onClick={() => {
            if (!next) return;
            setCursors((c) => [...c.slice(0, page + 1), next]);
            setPage(page + 1);
          }}
        >
          {t("drill.next")}
        </Button>
      </Space>
    </>
  );
}

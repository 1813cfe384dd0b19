/**
 * The Friday view's moved in / moved out / slipped (GET /reports/forecast/friday → periodMoves): three lists of
 * the deals whose close date entered or left the period this week, each with its count and amount, each deal a link
 * to its opportunity.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, Table, Tabs, Tag } from "antd";
import { Link } from "react-router";
import { api } from "../../api/client";
import { Unavailable } from "../../components/Unavailable";
import { money } from "../../format";
import { useCode, useI18n } from "../../i18n";

export interface MoveItem {
  id: number;
  title: string;
  customerName: string;
  ownerName: string | null;
  amountFen: number;
  status: string;
  reason: string;
  fromDate: string | null;
  toDate: string | null;
}
export interface MoveList {
  count: number;
  amountFen: number;
  items: MoveItem[];
}
export type PeriodMoves = Record<"movedIn" | "movedOut" | "slipped", MoveList>;

const LISTS = [
  ["movedIn", "fc.movedIn"],
  ["movedOut", "fc.movedOut"],
  ["slipped", "fc.slipped"],
] as const;

/** The three lists as tabs; `moves` when the caller has the Friday view already, else it asks for the period's. */
export function FridayMoves({ period, moves, bordered = true }: { period?: string; moves?: PeriodMoves; bordered?: boolean }) {
  const { t, locale } = useI18n();
  const code = useCode();
  const q = useQuery({
    queryKey: ["friday", period],
    enabled: !moves && !!period,
    queryFn: () => api.get<{ periodMoves?: PeriodMoves }>("/reports/forecast/friday", { period }),
    meta: { silent: true },
  });
  const data = moves ?? q.data?.periodMoves;
  const summary = (l: MoveList) => t("fc.movesSummary", { n: l.count, amount: money(l.amountFen, locale) });
  const body = q.error ? (
    <Unavailable error={q.error} />
  ) : (
    data && (
      <Tabs
        size="small"
        items={LISTS.map(([key, label]) => ({
          key,
          label: (
            <span data-testid={`moves-tab-${key}`}>
              {t(label)} <span className="jd-muted">{summary(data[key])}</span>
            </span>
          ),
          children: (
            <div data-testid={`moves-${key}`} data-count={data[key].count} data-amount={data[key].amountFen}>
              <div data-testid={`moves-total-${key}`} style={{ marginBottom: 6 }}>
                <strong>{t(label)}</strong> · {summary(data[key])}
              </div>
              <Table<MoveItem>
                size="small"
                rowKey="id"
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                dataSource={data[key].items}
                locale={{ emptyText: t("common.none") }}
                onRow={(r) => ({ "data-testid": `move-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  {
                    title: t("common.customer"),
                    key: "c",
                    render: (_: unknown, r) => (
                      <Link to={`/opportunities/${r.id}`} data-testid={`move-link-${r.id}`}>
                        {r.customerName} · {r.title}
                      </Link>
                    ),
                  },
                  { title: t("common.owner"), dataIndex: "ownerName" },
                  { title: t("common.amount"), dataIndex: "amountFen", align: "right", render: (v: number) => money(v, locale) },
                  {
                    title: t("fc.closeDateChange"),
                    key: "d",
                    render: (_: unknown, r) => `${r.fromDate ?? "—"} → ${r.toDate ?? "—"}`,
                  },
                  { title: t("common.reason"), dataIndex: "reason", render: (v: string) => <Tag>{code("fc.mv", v)}</Tag> },
                ]}
              />
            </div>
          ),
        }))}
      />
    )
  );
  if (!bordered) return <div data-testid="friday-moves">{body}</div>;
  return (
    <Card
      size="small"
      loading={!moves && q.isLoading}
      title={t("fc.moves")}
      extra={<span className="jd-muted">{t("fc.movesHint")}</span>}
      data-testid="friday-moves"
    >
      {body}
    </Card>
  );
}

/**
 * Receivables ageing (GET /reports/receivables) by customer or by owner: the total line over everything, the lines
 * 200 at a time (load more; the export fetches every page). A customer opens its 360 page, an owner narrows the view to them.
 */
import { DownloadOutlined } from "@ant-design/icons";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Card, Segmented, Space, Statistic, Table } from "antd";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { useUsers } from "../../api/hooks";
import { downloadCsv } from "../../components/csvDownload";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { Unavailable } from "../../components/Unavailable";
import { money } from "../../format";
import { type MessageKey, useI18n } from "../../i18n";
import { AGE_BUCKETS, type AgeingLine, type Receivables } from "./types";

const PAGE = 200;

export function ReceivablesTab() {
  const { t, locale } = useI18n();
  const { values, set } = useFilters(["owner", "team", "by"]);
  const [params, setParams] = useSearchParams();
  const by = values.by === "owner" ? "owner" : "customer";
  const users = useUsers();
  const userName = (id: number | string) => users.data?.find((u) => u.id === Number(id))?.name ?? `#${id}`;
  const fetchPage = (cursor: string | undefined, limit: number) =>
    api.get<Receivables>("/reports/receivables", { owner: values.owner, team: values.team, by, limit, cursor });
  const q = useInfiniteQuery({
    queryKey: ["receivables", values],
    queryFn: ({ pageParam }) => fetchPage(pageParam, PAGE),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const nameOf = (l: AgeingLine) => (by === "owner" ? userName(l.key) : (l.name ?? `#${l.key}`));
  const label = (b: string) => t(`age.${b}` as MessageKey);
  // the export walks every page, whatever the table has loaded
  const exportCsv = async () => {
    const all: AgeingLine[] = [];
    let r: Receivables | undefined;
    for (let cursor: string | undefined; ; ) {
      r = await fetchPage(cursor, 5000);
      all.push(...r.lines);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    downloadCsv(
      `receivables-${r.asOf}.csv`,
      [by === "owner" ? t("common.owner") : t("common.customer"), ...AGE_BUCKETS.map(label), t("cash.outstanding")],
      [...all, r.total].map((l) => [l.key === "total" ? t("cash.total") : nameOf(l), ...AGE_BUCKETS.map((b) => l.buckets[b] / 100), l.totalFen / 100]),
    );
  };
  if (q.error) return <Unavailable error={q.error} />;
  const r = q.data?.pages[0];
  const lines = q.data?.pages.flatMap((p) => p.lines) ?? [];
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="receivables"
      title={
        <Space wrap>
          <Segmented
            value={by}
            onChange={(v) => set("by", v === "customer" ? undefined : v)}
            options={[
              { value: "customer", label: t("cash.byCustomer") },
              { value: "owner", label: t("cash.byOwner") },
            ]}
          />
          <FilterBar show={["owner", "team"]} />
        </Space>
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} disabled={!lines.length}>
          {t("common.export")}
        </Button>
      }
    >
      {r && (
        <>
          <Space size="large" wrap style={{ marginBottom: 12 }}>
            <Statistic title={t("cash.outstanding")} value={money(r.total.totalFen, locale)} />
            {AGE_BUCKETS.map((b) => (
              <Statistic key={b} title={label(b)} value={money(r.total.buckets[b], locale)} />
            ))}
          </Space>
          <Table<AgeingLine>
            size="small"
            rowKey={(l) => String(l.key)}
            dataSource={lines}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 760 }}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>{t("cash.total")}</strong>
                </Table.Summary.Cell>
                {AGE_BUCKETS.map((b, i) => (
                  <Table.Summary.Cell key={b} index={i + 1} align="right">
                    {money(r.total.buckets[b], locale)}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={6} align="right">
                  <strong data-testid="receivables-total">{money(r.total.totalFen, locale)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            columns={[
              {
                title: by === "owner" ? t("common.owner") : t("common.customer"),
                key: "name",
                width: 180,
                render: (_: unknown, l) =>
                  by === "owner" ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => {
                        const n = new URLSearchParams(params);
                        n.set("owner", String(l.key));
                        n.delete("by");
                        setParams(n, { replace: true });
                      }}
                    >
                      {nameOf(l)}
                    </Button>
                  ) : (
                    <Link to={`/customers/${l.key}`}>{nameOf(l)}</Link>
                  ),
              },
              ...AGE_BUCKETS.map((b) => ({
                title: label(b),
                key: b,
                align: "right" as const,
                render: (_: unknown, l: AgeingLine) => (l.buckets[b] ? money(l.buckets[b], locale) : "—"),
              })),
              {
                title: t("cash.outstanding"),
                dataIndex: "totalFen",
                align: "right",
                render: (v: number) => money(v, locale),
                sorter: (a, b) => a.totalFen - b.totalFen,
              },
            ]}
          />
          {q.hasNextPage && (
            <div style={{ textAlign: "center", marginTop: 12 }}>
              <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="receivables-more">
                {t(by === "owner" ? "cash.moreOwners" : "cash.more")}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

/**
 * Signed and qualified signed customers (GET /reports/signed-customers): the three counts, and the customers behind
 * the chosen one, a page of 200 at a time (the server filters and pages; the export fetches every page).
 */
import { DownloadOutlined } from "@ant-design/icons";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Card, Segmented, Space, Table, Tag } from "antd";
import { Link } from "react-router";
import { api } from "../../api/client";
import { downloadCsv } from "../../components/csvDownload";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { Unavailable } from "../../components/Unavailable";
import { money } from "../../format";
import { type MessageKey, useI18n } from "../../i18n";
import type { SignedCustomers, SignStatus } from "./types";

const COLORS: Record<SignStatus, string> = { none: "default", contracted: "blue", signed: "gold", qualified: "green" };
/** Which customers each count covers: signed includes the qualified, contracted includes both. */
const INCLUDES: Record<string, SignStatus[]> = { contracted: ["contracted", "signed", "qualified"], signed: ["signed", "qualified"], qualified: ["qualified"] };
const PAGE = 200;

export function SignedTab() {
  const { t, locale } = useI18n();
  const { values, set } = useFilters(["owner", "team", "sign"]);
  const show = values.sign && INCLUDES[values.sign] ? values.sign : "contracted";
  const fetchPage = (cursor: string | undefined, limit: number) =>
    api.get<SignedCustomers>("/reports/signed-customers", { owner: values.owner, team: values.team, sign: show, limit, cursor });
  const q = useInfiniteQuery({
    queryKey: ["signed-customers", values.owner, values.team, show],
    queryFn: ({ pageParam }) => fetchPage(pageParam, PAGE),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
  const r = q.data?.pages[0];
  const rows = q.data?.pages.flatMap((p) => p.customers) ?? [];
  const label = (s: string) => t(`signst.${s}` as MessageKey);
  const exportCsv = async () => {
    const all: SignedCustomers["customers"] = [];
    for (let cursor: string | undefined; ; ) {
      const p = await fetchPage(cursor, 5000);
      all.push(...p.customers);
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    downloadCsv(
      `signed-customers-${r?.asOf ?? ""}.csv`,
      [t("common.customer"), t("common.status"), t("cash.contracts"), t("cash.collected"), t("cash.outstanding")],
      all.map((c) => [c.name, label(c.status), c.contracts, c.collectedFen / 100, c.outstandingFen / 100]),
    );
  };
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="signed"
      title={
        <Space wrap>
          <FilterBar show={["owner", "team"]} />
        </Space>
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} disabled={!rows.length}>
          {t("common.export")}
        </Button>
      }
    >
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        r && (
          <>
            <Segmented
              value={show}
              onChange={(v) => set("sign", v === "contracted" ? undefined : v)}
              style={{ marginBottom: 12 }}
              data-testid="sign-counts"
              options={(["contracted", "signed", "qualified"] as const).map((k) => ({
                value: k,
                label: (
                  <span data-testid={`sign-${k}`}>
                    {label(k)} {r[k]}
                  </span>
                ),
              }))}
            />
            <Table
              size="small"
              rowKey="customerId"
              dataSource={rows}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 560 }}
              columns={[
                { title: t("common.customer"), dataIndex: "name", render: (v: string, c) => <Link to={`/customers/${c.customerId}`}>{v}</Link> },
                { title: t("common.status"), dataIndex: "status", render: (s: SignStatus) => <Tag color={COLORS[s]}>{label(s)}</Tag> },
                { title: t("cash.contracts"), dataIndex: "contracts", align: "right" },
                { title: t("cash.collected"), dataIndex: "collectedFen", align: "right", render: (v: number) => money(v, locale) },
                {
                  title: t("cash.outstanding"),
                  dataIndex: "outstandingFen",
                  align: "right",
                  render: (v: number) => money(v, locale),
                  sorter: (a, b) => a.outstandingFen - b.outstandingFen,
                },
              ]}
            />
            {q.hasNextPage && (
              <div style={{ textAlign: "center", marginTop: 12 }}>
                <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="signed-more">
                  {t("cash.more")}
                </Button>
              </div>
            )}
          </>
        )
      )}
    </Card>
  );
}

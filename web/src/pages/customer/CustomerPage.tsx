/** The customer 360 (客户档案): profile, tiers, value, contacts and decision chain, opportunities, orders, visits. */
import { useQuery } from "@tanstack/react-query";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Result, Space, Spin, Table, Tag, Typography } from "antd";
import { useState } from "react";
import type { Countdown } from "../../api/org-types";
import { PoolBadge, ReleaseButton, TransferDialog } from "../../components/PoolActions";
import { Link, useParams } from "react-router";
import { api, ApiError } from "../../api/client";
import type { CustomerDetail, Order } from "../../api/types";
import { ActivityList } from "../../components/ActivityList";
import { QuickVisit } from "../../components/QuickVisit";
import { day, money, prob } from "../../format";
import { useI18n } from "../../i18n";
import { errorText } from "../../i18n/errors";
import { ClvCard, ContactsCard, ProfileCard, TiersCard } from "./CustomerPanels";
import { PriorityTag } from "./fields";

type OppRow = CustomerDetail["opportunities"][number];

export default function CustomerPage() {
  const id = Number(useParams().id);
  const { t, L, locale } = useI18n();
  const [transferring, setTransferring] = useState(false);
  const q = useQuery({ queryKey: ["customer", id], queryFn: () => api.get<CustomerDetail>(`/customers/${id}`), meta: { silent: true } });
  if (q.isLoading) return <Spin style={{ display: "block", margin: 60 }} />;
  if (q.error || !q.data)
    return (
      <Result
        status={q.error instanceof ApiError && q.error.status === 404 ? "404" : "error"}
        title="404"
        subTitle={errorText(locale, q.error)}
        extra={<Link to="/customers">{t("cust.list")}</Link>}
      />
    );
  const c = q.data as CustomerDetail & { inPool?: boolean; poolCountdown?: Countdown | null };
  return (
    <div>
      <Link to="/customers" className="jd-muted">
        ← {t("cust.list")}
      </Link>
      <Space align="baseline" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: "4px 0" }} data-testid="customer-name">
          {c.name}
        </Typography.Title>
        <PriorityTag p={c.priority} />
        {c.tiers.slice(0, 6).map((x) => (
          <Tag key={x.scheme + x.computedAt}>
            {x.scheme.toUpperCase()} {x.tier}
          </Tag>
        ))}
        {c.duplicateOf && (
          <Tag color="orange">
            <Link to={`/customers/${c.duplicateOf}`}>{t("cust.duplicate")}</Link>
          </Tag>
        )}
        {c.inPool ? (
          <Tag color="blue" data-testid="in-pool">
            {t("nav.pools")}
          </Tag>
        ) : (
          <PoolBadge c={c.poolCountdown} />
        )}
        {!c.inPool && <ReleaseButton id={c.id} />}
        {!c.inPool && (
          <Button onClick={() => setTransferring(true)} data-testid="transfer">
            {t("transfer.action")}
          </Button>
        )}
        {c.inPool && <ClaimButton id={c.id} />}
        <QuickVisit customerId={c.id} customerName={c.name} />
      </Space>
      {transferring && <TransferDialog ids={[c.id]} onClose={() => setTransferring(false)} />}
      <div className="jd-split">
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <ProfileCard c={c} />
          <ContactsCard c={c} />
          <Card size="small" title={t("cust.opportunities")}>
            <Table<OppRow>
              // as wide as its columns need, scrolling inside the card on a phone
              scroll={{ x: "max-content" }}
              size="small"
              rowKey="id"
              dataSource={c.opportunities}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t("common.title"), dataIndex: "title", render: (v: string, r) => <Link to={`/opportunities/${r.id}`}>{v}</Link> },
                { title: t("common.stage"), key: "s", render: (_: unknown, r) => L(r, "stageName") },
                {
                  title: t("common.status"),
                  dataIndex: "status",
                  render: (s: string) => <Tag color={s === "won" ? "green" : s === "lost" ? "red" : "gold"}>{t(`status.${s}` as "status.open")}</Tag>,
                },
                { title: t("common.probability"), dataIndex: "probability", render: (v: number) => prob(v) },
                { title: t("common.amount"), dataIndex: "amountFen", align: "right", render: (v: number) => money(v, locale) },
                { title: t("board.expected"), dataIndex: "expectedCloseDate", render: day },
              ]}
            />
          </Card>
          <Card size="small" title={t("cust.visits")}>
            <ActivityList items={c.activities} customerId={c.id} contacts={c.contacts} />
          </Card>
        </Space>
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <TiersCard c={c} />
          <ClvCard c={c} />
          <Card size="small" title={t("cust.orders")}>
            <Table<Order>
              size="small"
              rowKey="id"
              dataSource={c.orders}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t("common.date"), dataIndex: "orderedAt", render: day },
                { title: t("opp.product"), dataIndex: "product", ellipsis: true },
                { title: t("common.units"), dataIndex: "units", align: "right" },
                { title: t("common.amount"), dataIndex: "amountFen", align: "right", render: (v: number) => money(v, locale) },
              ]}
            />
          </Card>
        </Space>
      </div>
    </div>
  );
}

function ClaimButton({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => api.post(`/customers/${id}/claim`),
    onSuccess: () => {
      message.success(t("pool.claimed"));
      void qc.invalidateQueries();
    },
    onError: (e) => message.error(errorText(locale, e)),
    meta: { handled: true },
  });
  return (
    <Button type="primary" onClick={() => m.mutate()} loading={m.isPending} data-testid="claim">
      {t("pool.claim")}
    </Button>
  );
}

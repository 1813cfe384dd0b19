/** The contracts the viewer may see (GET /contracts) with collected / outstanding and their status; a row opens its opportunity or customer. */
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Input, Space, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { downloadCsv } from "../../components/csvDownload";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { Unavailable } from "../../components/Unavailable";
import { day, money } from "../../format";
import { useI18n } from "../../i18n";
import type { ContractRow } from "./types";

export function ContractsTab() {
  const { t, locale } = useI18n();
  const { values } = useFilters(["owner", "team"]);
  const [text, setText] = useState("");
  const q = useQuery({
    queryKey: ["contracts", "all", values],
    queryFn: () => api.get<{ items: ContractRow[] }>("/contracts", { owner: values.owner, team: values.team }),
  });
  const rows = (q.data?.items ?? []).filter((c) => !text || c.number.includes(text) || c.customerName.includes(text)).sort((a, b) => b.signedAt - a.signedAt);
  const state = (c: ContractRow) =>
    c.status.qualified ? "qualified" : c.status.late ? "late" : c.status.fullyPaid ? "paid" : c.status.signed ? "signed" : "contracted";
  const color: Record<string, string> = { qualified: "green", late: "red", paid: "cyan", signed: "gold", contracted: "blue" };
  const exportCsv = () =>
    downloadCsv(
      "contracts.csv",
      [t("gate.contractNumber"), t("common.customer"), t("cash.signedOn"), t("common.amount"), t("cash.collected"), t("cash.outstanding"), t("common.status")],
      rows.map((c) => [
        c.number,
        c.customerName,
        day(c.signedAt),
        c.amountFen / 100,
        c.status.collectedFen / 100,
        c.status.outstandingFen / 100,
        t(`kstate.${state(c)}` as "kstate.late"),
      ]),
    );
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="contracts"
      title={
        <Space wrap>
          <Input.Search allowClear placeholder={t("cash.searchContract")} aria-label={t("cash.searchContract")} onSearch={setText} style={{ width: 200 }} />
          <FilterBar show={["owner", "team"]} />
        </Space>
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
        <Table<ContractRow>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t("cash.rows", { n }) }}
          scroll={{ x: 820 }}
          expandable={{
            expandedRowRender: (c) => (
              <Space direction="vertical" size={2}>
                {c.schedule.map((s) => (
                  <span key={s.seq} className="jd-muted">
                    #{s.seq} {s.dueDate} {money(s.amountFen, locale)}
                  </span>
                ))}
                {c.payments.map((p) => (
                  <span key={p.id}>
                    ✓ {day(p.receivedAt)} {money(p.amountFen, locale)} {p.note ?? ""}
                  </span>
                ))}
              </Space>
            ),
          }}
          columns={[
            {
              title: t("gate.contractNumber"),
              dataIndex: "number",
              width: 130,
              render: (v: string, c) => {
                // the number is an identifier (HT2026…), not a word to translate
                const n = <span translate="no">{v}</span>;
                return c.opportunityId ? <Link to={`/opportunities/${c.opportunityId}`}>{n}</Link> : n;
              },
            },
            {
              title: t("common.customer"),
              dataIndex: "customerName",
              width: 180,
              render: (v: string, c) => <Link to={`/customers/${c.customerId}`}>{v}</Link>,
            },
            { title: t("cash.signedOn"), dataIndex: "signedAt", width: 110, render: day },
            {
              title: t("common.amount"),
              dataIndex: "amountFen",
              align: "right",
              render: (v: number) => money(v, locale),
              sorter: (a, b) => a.amountFen - b.amountFen,
            },
            { title: t("cash.collected"), key: "col", align: "right", render: (_: unknown, c) => money(c.status.collectedFen, locale) },
            { title: t("cash.outstanding"), key: "out", align: "right", render: (_: unknown, c) => money(c.status.outstandingFen, locale) },
            {
              title: t("common.status"),
              key: "st",
              width: 110,
              render: (_: unknown, c) => <Tag color={color[state(c)]}>{t(`kstate.${state(c)}` as "kstate.late")}</Tag>,
            },
          ]}
        />
      )}
    </Card>
  );
}

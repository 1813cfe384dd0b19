/** Quotes and the contract with its payments for one opportunity (the lead-to-cash endpoints). */
import { useQuery } from "@tanstack/react-query";
import { Card, Table, Tag } from "antd";
import { api } from "../../api/client";
import { day, money } from "../../format";
import { type MessageKey, useI18n } from "../../i18n";
import { quoteColor } from "../cash/QuotesTab";
import { NewQuote, QuoteStep } from "./NewQuote";

interface QuoteRow {
  id: number;
  number: string;
  status: string;
  round: number;
  discount_bp: number;
  total_fen: number;
  updated_at: number;
  version: number;
}
interface ContractRow {
  id: number;
  number: string;
  signedAt: number;
  amountFen: number;
  schedule: Array<{ seq: number; dueDate: string; amountFen: number }>;
  payments: Array<{ id: number; receivedAt: number; amountFen: number; note: string | null }>;
  status?: { signed: boolean; qualified: boolean; fullyPaid: boolean; late: boolean; collectedFen: number; outstandingFen: number };
}

export function CashPanel({ opportunityId }: { opportunityId: number }) {
  const { t, locale } = useI18n();
  const quotes = useQuery({
    queryKey: ["quotes", opportunityId],
    queryFn: () => api.get<{ items: QuoteRow[] }>("/quotes", { opportunity: opportunityId }),
    meta: { silent: true },
  });
  const contracts = useQuery({
    queryKey: ["contracts", opportunityId],
    queryFn: () => api.get<{ items: ContractRow[] }>("/contracts", { opportunity: opportunityId }),
    meta: { silent: true },
  });
  return (
    <Card title={`${t("opp.quotes")} · ${t("opp.payments")}`} size="small" extra={<NewQuote opportunityId={opportunityId} />} data-testid="cash-panel">
      <Table<QuoteRow>
        size="small"
        rowKey="id"
        dataSource={quotes.data?.items ?? []}
        pagination={false}
        loading={quotes.isLoading}
        scroll={{ x: 520 }}
        locale={{ emptyText: t("common.none") }}
        columns={[
          { title: t("cash.quoteNumber"), dataIndex: "number" },
          { title: t("common.status"), dataIndex: "status", render: (s: string) => <Tag color={quoteColor[s]}>{t(`qst.${s}` as MessageKey)}</Tag> },
          { title: t("cash.round"), dataIndex: "round", width: 50 },
          { title: t("cash.discount"), dataIndex: "discount_bp", render: (v: number) => `${(v / 100).toFixed(1)}%` },
          { title: t("common.amount"), dataIndex: "total_fen", align: "right", render: (v: number) => money(Number(v), locale) },
          { title: "", key: "step", render: (_: unknown, q) => <QuoteStep quote={q} /> },
        ]}
      />
      {(contracts.data?.items ?? []).map((c) => (
        <div key={c.id} style={{ marginTop: 12 }}>
          <strong>
            {t("gate.contractNumber")} <span translate="no">{c.number}</span>
          </strong>{" "}
          · {day(c.signedAt)} · {money(c.amountFen, locale)}{" "}
          {c.status && (
            <Tag color={c.status.qualified ? "green" : c.status.late ? "red" : "blue"}>
              {money(c.status.collectedFen, locale)} / {money(c.amountFen, locale)}
            </Tag>
          )}
          <Table
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={c.schedule}
            style={{ marginTop: 6 }}
            columns={[
              { title: "#", dataIndex: "seq", width: 40 },
              { title: t("common.date"), dataIndex: "dueDate" },
              { title: t("common.amount"), dataIndex: "amountFen", align: "right", render: (v: number) => money(v, locale) },
            ]}
          />
          {c.payments.map((p) => (
            <div key={p.id} className="jd-muted">
              ✓ {day(p.receivedAt)} {money(p.amountFen, locale)} {p.note ?? ""}
            </div>
          ))}
        </div>
      ))}
    </Card>
  );
}

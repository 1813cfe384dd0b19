/**
 * The funnel balance calculator (销售漏斗的平衡计算, seed 001): typed as the seed writes it — 300万 / 3万 / 10 % →
 * 100 contracts, 1000 target customers a year, 83.3 a month — computed at once in the browser with the same pure
 * function as the server, then broken down per stage from measured conversion (coverage and gap) by the server.
 */
import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Form, Input, Segmented, Statistic, Table, Typography } from "antd";
import { useDeferredValue, useState } from "react";
import { parseAmountToFen } from "../../../../src/core/money";
import { balance, round1 } from "../../../../src/planning/balance";
import { api } from "../../api/client";
import { num, pct } from "../../format";
import { useI18n } from "../../i18n";

type Unit = "amount" | "units";
interface StageRow {
  stageId: number;
  nameZh: string;
  nameEn: string;
  conversionToNext: number | null;
  perMonth: number;
  perRepPerMonth: number | null;
  open: number;
  coverage: number | null;
  gap: number | null;
}

/** "10%", "10", "0.1" → 0.1 */
export function parseProbability(s: string): number | null {
  const t = s.trim().replace(/[%％\s]/g, "");
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const v = Number(t);
  return v > 1 ? v / 100 : v;
}
const parseUnits = (s: string) => {
  const t = s.trim().replace(/[台套件\s,]/g, "");
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
};

export function BalanceCard({ pipeline }: { pipeline?: number }) {
  const { t, L } = useI18n();
  const [unit, setUnit] = useState<Unit>("amount");
  const [v, setV] = useState({ amount: { target: "300万", avg: "3万" }, units: { target: "200", avg: "2" }, probability: "10%" });
  const cur = v[unit];
  const parse = unit === "amount" ? parseAmountToFen : parseUnits;
  const target = parse(cur.target),
    avg = parse(cur.avg),
    p = parseProbability(v.probability);
  let result: ReturnType<typeof balance> | null = null;
  let error: string | null = null;
  try {
    if (target !== null && avg !== null && p !== null) result = balance({ annualTarget: target, averageContract: avg, probability: p });
  } catch {
    error = t("plan.invalidInput");
  }
  const deferred = useDeferredValue({ unit, target: cur.target, averageContract: cur.avg, probability: v.probability, pipeline });
  const server = useQuery({
    queryKey: ["planning", "balance", deferred],
    enabled: !!result && !!pipeline,
    placeholderData: (prev) => prev,
    meta: { silent: true },
    queryFn: () => api.get<{ stages: StageRow[]; reps: number; expectedWinsFromOpen: number }>("/planning/balance", deferred),
  });
  const set = (k: "target" | "avg", x: string) => setV({ ...v, [unit]: { ...cur, [k]: x } });
  return (
    <Card size="small" title={t("plan.balance")} data-testid="balance">
      <Segmented
        value={unit}
        onChange={(u) => setUnit(u as Unit)}
        options={[
          { value: "amount", label: t("plan.byAmount") },
          { value: "units", label: t("plan.byUnits") },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Form layout="inline" style={{ rowGap: 8 }}>
        <Form.Item label={t("plan.target")} htmlFor="balance-target">
          <Input
            id="balance-target"
            value={cur.target}
            onChange={(e) => set("target", e.target.value)}
            style={{ width: 130 }}
            data-testid="balance-target"
            suffix={unit === "units" ? t("plan.unitsSuffix") : undefined}
          />
        </Form.Item>
        <Form.Item label={t("plan.avgContract")} htmlFor="balance-average">
          <Input
            id="balance-average"
            value={cur.avg}
            onChange={(e) => set("avg", e.target.value)}
            style={{ width: 110 }}
            data-testid="balance-average"
            suffix={unit === "units" ? t("plan.unitsSuffix") : undefined}
          />
        </Form.Item>
        <Form.Item label={t("plan.winProb")} htmlFor="balance-probability">
          <Input
            id="balance-probability"
            value={v.probability}
            onChange={(e) => setV({ ...v, probability: e.target.value })}
            style={{ width: 90 }}
            data-testid="balance-probability"
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      <div style={{ display: "flex", gap: 32, margin: "16px 0" }}>
        <Statistic title={t("plan.contracts")} value={result ? num(round1(result.contracts), 1) : "—"} data-testid="balance-contracts" />
        <Statistic title={t("plan.customersYear")} value={result ? num(round1(result.customersPerYear), 1) : "—"} data-testid="balance-year" />
        <Statistic title={t("plan.customersMonth")} value={result ? round1(result.perMonth).toFixed(1) : "—"} data-testid="balance-month" />
      </div>
      {result && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {cur.target} ÷ {cur.avg} = {num(round1(result.contracts), 1)}; ÷ {pct(p)} = {num(round1(result.customersPerYear), 1)}; ÷ 12 ={" "}
          {round1(result.perMonth).toFixed(1)}
        </Typography.Paragraph>
      )}
      {server.data && (
        <>
          <Typography.Text strong>{t("plan.perStage")}</Typography.Text>
          <Table<StageRow>
            size="small"
            rowKey="stageId"
            pagination={false}
            dataSource={server.data.stages}
            style={{ marginTop: 6 }}
            columns={[
              { title: t("common.stage"), key: "n", render: (_: unknown, r) => L(r, "name") },
              { title: t("funnel.rate"), dataIndex: "conversionToNext", align: "right", render: (x: number | null) => pct(x) },
              { title: t("plan.customersMonth"), dataIndex: "perMonth", align: "right", render: (x: number) => num(x, 1) },
              { title: `/${t("role.rep")}`, dataIndex: "perRepPerMonth", align: "right", render: (x: number | null) => num(x, 1) },
              { title: t("home.openPipeline"), dataIndex: "open", align: "right" },
              { title: t("plan.coverage"), dataIndex: "coverage", align: "right", render: (x: number | null) => pct(x, 0) },
              {
                title: t("plan.gap"),
                dataIndex: "gap",
                align: "right",
                render: (x: number | null) => <span style={{ color: (x ?? 0) > 0 ? "#cf1322" : "#237804" }}>{num(x, 1)}</span>,
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

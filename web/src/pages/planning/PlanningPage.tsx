/** Planning: the funnel balance calculator, targets with attainment, and the target-group funnel scenarios. */
import { useQuery } from "@tanstack/react-query";
import { Card, Progress, Select, Space, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { api } from "../../api/client";
import { useDealPipelines, useTeams, useUsers } from "../../api/hooks";
import { PeriodPicker } from "../../components/PeriodPicker";
import { Unavailable } from "../../components/Unavailable";
import { money } from "../../format";
import { useI18n } from "../../i18n";
import { BalanceCard } from "./BalanceCard";
import { ScenarioCard } from "./ScenarioCard";

interface Attainment {
  id: number;
  scope: "user" | "team" | "company";
  scopeId: number | null;
  period: string;
  amount_fen: number | null;
  units: number | null;
  won_fen: number;
  won_units: number;
  won_deals: number;
  elapsedShare: number;
  amountAttainment: { ratio: number | null; pace: number | null };
}

export default function PlanningPage() {
  const { t, L } = useI18n();
  const pipelines = useDealPipelines();
  const [pipeline, setPipeline] = useState<number | undefined>();
  const pid = pipeline ?? pipelines.data?.[0]?.id;
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("plan.title")}
        </Typography.Title>
        <Select
          style={{ width: 180 }}
          value={pid}
          onChange={setPipeline}
          aria-label={t("common.pipeline")}
          options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: L(p, "name") }))}
        />
      </Space>
      <Space orientation="vertical" size={16} style={{ width: "100%" }}>
        <BalanceCard pipeline={pid} />
        <TargetsCard />
        <ScenarioCard />
      </Space>
    </div>
  );
}

function TargetsCard() {
  const { t, locale } = useI18n();
  const [period, setPeriod] = useState(String(dayjs().year()));
  const users = useUsers();
  const teams = useTeams();
  const q = useQuery({
    queryKey: ["attainment", period],
    queryFn: () => api.get<{ items: Attainment[] }>("/planning/targets/attainment", { period }),
    meta: { silent: true },
  });
  const scopeName = (r: Attainment) =>
    r.scope === "company"
      ? locale === "en"
        ? "Company"
        : "公司"
      : r.scope === "team"
        ? (teams.data?.find((x) => x.id === r.scopeId)?.name ?? `#${r.scopeId}`)
        : (users.data?.find((x) => x.id === r.scopeId)?.name ?? `#${r.scopeId}`);
  return (
    <Card size="small" title={t("plan.targets")} extra={<PeriodPicker value={period} onChange={setPeriod} />}>
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        <Table<Attainment>
          size="small"
          rowKey="id"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          columns={[
            { title: t("common.owner"), key: "s", render: (_: unknown, r) => scopeName(r), sorter: (a, b) => a.scope.localeCompare(b.scope) },
            { title: t("common.period"), dataIndex: "period" },
            {
              title: t("plan.target"),
              dataIndex: "amount_fen",
              align: "right",
              render: (v: number | null, r) => (v !== null ? money(v, locale) : `${r.units ?? "—"} ${t("plan.unitsSuffix")}`),
            },
            { title: t("fc.actual"), dataIndex: "won_fen", align: "right", render: (v: number) => money(v, locale) },
            {
              title: t("plan.attainment"),
              key: "a",
              width: 220,
              render: (_: unknown, r) => {
                const ratio = r.amountAttainment.ratio;
                return ratio === null ? (
                  "—"
                ) : (
                  <Progress
                    aria-label={t("plan.attainment")}
                    percent={Math.round(ratio * 100)}
                    size="small"
                    status={ratio >= 1 ? "success" : (r.amountAttainment.pace ?? 1) < 0.9 ? "exception" : "active"}
                  />
                );
              },
            },
          ]}
        />
      )}
    </Card>
  );
}

/** The learned win probability next to the stage's, with the factors that drive it (forecast engineer's endpoint, when present). */
import { useQuery } from "@tanstack/react-query";
import { Card, Progress, Space, Statistic, Table } from "antd";
import { api } from "../../api/client";
import type { OpportunityDetail } from "../../api/types";
import { prob } from "../../format";
import { usePipelines } from "../../api/hooks";
import { useCode, useI18n } from "../../i18n";
import { factorValue } from "./factor-label";

interface Factor {
  name?: string;
  feature?: string;
  label?: string;
  labelZh?: string;
  labelEn?: string;
  value?: string | null;
  raw?: unknown;
  contribution?: number;
  effect?: number;
  weight?: number;
}
interface WinPrediction {
  probability: number;
  stageProbability?: number;
  factors?: Factor[];
}
interface ModelInfo {
  evaluation: {
    model: { auc: number | null };
    stage: { auc: number | null };
    suspectedLeak: boolean;
    excludedFeatures: Array<{ name: string; auc: number | null }>;
  };
}
interface PredictionRow {
  predicted_probability: number;
  stage_probability: number;
  factors: Factor[];
  scored_at: number;
}

export function Prediction({ opp }: { opp: OpportunityDetail }) {
  const { t, L, locale } = useI18n();
  const code = useCode();
  const pipelines = usePipelines();
  /** a feature's label in the user's language (the model names features in English, e.g. days_in_stage) */
  const feature = (name: string | undefined) => (name ? code("feat", name) : "");
  const ctx = { locale, t: t as (k: string) => string, pipelines: pipelines.data ?? [] };
  const q = useQuery({
    queryKey: ["prediction", opp.id],
    queryFn: async (): Promise<WinPrediction | null> => {
      const r = await api.get<{ items: PredictionRow[] }>("/forecast/predictions", { opportunity: opp.id, limit: 1 });
      const row = r.items[0];
      return row ? { probability: row.predicted_probability, stageProbability: row.stage_probability, factors: row.factors } : null;
    },
    meta: { silent: true },
    retry: false,
    enabled: opp.status === "open",
  });
  const model = useQuery({
    queryKey: ["win-model"],
    queryFn: async (): Promise<ModelInfo | null> => api.get<ModelInfo>("/forecast/model").catch(() => null),
    meta: { silent: true },
    retry: false,
    enabled: opp.status === "open",
    staleTime: 300_000,
  });
  const ev = model.data?.evaluation;
  const auc = (x: number | null | undefined) => (x == null ? "—" : x.toFixed(2));
  const stageP = opp.probabilityOverride ?? opp.probability;
  const predicted = q.data ? (q.data.probability > 1 ? q.data.probability : q.data.probability * 100) : null;
  return (
    <Card title={t("opp.predicted")} size="small" data-testid="prediction">
      <Space size="large">
        <Statistic title={t("opp.stageProbability")} value={prob(stageP)} />
        <div data-testid="predicted">
          <Statistic title={t("opp.predicted")} value={predicted === null ? "—" : `${Math.round(predicted)}%`} />
        </div>
      </Space>
      <div className="jd-muted" data-testid="model-quality" style={{ marginTop: 4 }}>
        {ev ? t("opp.modelQuality", { auc: auc(ev.model.auc), stage: auc(ev.stage.auc) }) : model.isFetched ? t("opp.noModel") : null}
      </div>
      {ev?.suspectedLeak && (
        <div style={{ color: "#cf1322" }} data-testid="model-leak">
          {t("opp.modelLeak")}
        </div>
      )}
      {ev && ev.excludedFeatures.length > 0 && (
        <div className="jd-muted" data-testid="model-excluded">
          {t("opp.modelExcluded", { list: ev.excludedFeatures.map((f) => feature(f.name)).join("、") })}
        </div>
      )}
      {predicted !== null && (
        <Progress
          aria-label={t("opp.predicted")}
          percent={Math.round(predicted)}
          success={{ percent: Math.min(stageP, Math.round(predicted)) }}
          showInfo={false}
        />
      )}
      {q.data?.factors && q.data.factors.length > 0 && (
        <Table<Factor>
          size="small"
          pagination={false}
          rowKey={(f) => String(f.name ?? f.feature ?? f.label)}
          onRow={() => ({ "data-testid": "factor" }) as React.HTMLAttributes<HTMLElement>}
          dataSource={q.data.factors}
          style={{ marginTop: 8 }}
          columns={[
            {
              title: t("opp.factors"),
              key: "n",
              render: (_: unknown, f) => {
                const v = factorValue(ctx, f.name ?? f.feature, f.value ?? f.raw);
                return `${L(f, "label") || feature(f.name ?? f.feature)}${v ? ` = ${v}` : ""}`;
              },
            },
            {
              title: "",
              key: "c",
              align: "right",
              render: (_: unknown, f) => {
                const c = f.contribution ?? f.effect ?? f.weight ?? 0;
                return (
                  <span style={{ color: c >= 0 ? "#237804" : "#cf1322" }}>
                    {c >= 0 ? "+" : ""}
                    {c.toFixed(2)}
                  </span>
                );
              },
            },
          ]}
        />
      )}
    </Card>
  );
}

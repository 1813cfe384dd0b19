/**
 * The funnel dashboard: the four monitoring indicators, the snapshot funnel (as of any date), the conversion funnel
 * with its bottleneck, cycle time, velocity with the four levers, and sources; every number drills to its opportunities.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, DatePicker, Select, Space, Statistic, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { api } from "../../api/client";
import { useDealPipelines } from "../../api/hooks";
import { DrillDrawer, type Drill } from "../../components/DrillDrawer";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { PeriodPicker } from "../../components/PeriodPicker";
import { Unavailable } from "../../components/Unavailable";
import { money, num, pct } from "../../format";
import { useI18n } from "../../i18n";
import { ConversionCard, CycleCard, SnapshotCard, SourcesCard } from "./FunnelCards";
import type { Health, Indicator } from "./types";
import { VelocityCard } from "./VelocityCard";

export default function FunnelPage() {
  const { t, L } = useI18n();
  const pipelines = useDealPipelines();
  const { values, set } = useFilters(["owner", "team", "source", "tier", "pipeline", "period", "asOf", "product"]);
  const pipeline = Number(values.pipeline) || pipelines.data?.[0]?.id;
  const period = values.period ?? `${dayjs().year()}`;
  const base = { pipeline, owner: values.owner, team: values.team, source: values.source, tier: values.tier, product: values.product };
  const [drill, setDrill] = useState<Drill | null>(null);
  /** asks the report for the ids behind one number and opens them */
  const openDrill = async (path: string, params: Record<string, unknown>, key: string, title: string) => {
    const r = await api.get<{ drill: { ids: number[]; total: number } | null }>(path, { ...base, ...(params as Record<string, string>), drill: key });
    setDrill({ title, ids: r.drill?.ids ?? [], total: r.drill?.total });
  };
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("funnel.title")}
        </Typography.Title>
        <Select
          style={{ width: 180 }}
          value={pipeline}
          onChange={(v) => set("pipeline", String(v))}
          aria-label={t("common.pipeline")}
          options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: L(p, "name") }))}
        />
        <span className="jd-muted">{t("common.period")}</span>
        <PeriodPicker value={period} onChange={(k) => set("period", k)} />
        <span className="jd-muted">{t("common.asOf")}</span>
        <DatePicker
          value={values.asOf ? dayjs(values.asOf) : null}
          onChange={(d) => set("asOf", d ? d.format("YYYY-MM-DD") : null)}
          aria-label={t("common.asOf")}
        />
        <FilterBar show={["owner", "team", "source", "tier", "product"]} />
      </Space>
      {pipeline && (
        <>
          <HealthRow params={{ ...base, period }} />
          <div className="jd-grid-2" style={{ marginTop: 16 }}>
            <SnapshotCard
              params={{ ...base, asOf: values.asOf }}
              onDrill={(stageId, title) => void openDrill("/reports/funnel", { asOf: values.asOf }, `stage:${stageId}`, title)}
            />
            <ConversionCard params={{ ...base, period }} onDrill={(key, title) => void openDrill("/reports/conversion", { period }, key, title)} />
            <CycleCard params={{ ...base, period }} />
            <VelocityCard params={base} />
          </div>
          <div style={{ marginTop: 16 }}>
            <SourcesCard params={{ ...base, period }} onDrill={(source, title) => void openDrill("/reports/sources", { period }, `source:${source}`, title)} />
          </div>
        </>
      )}
      <DrillDrawer drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

function HealthRow({ params }: { params: Record<string, unknown> }) {
  const { t, locale } = useI18n();
  const q = useQuery({
    queryKey: ["report", "funnel-health", params],
    queryFn: () => api.get<Health>("/reports/funnel-health", params as Record<string, string>),
    meta: { silent: true },
  });
  if (q.error) return <Unavailable error={q.error} what={t("funnel.indicators")} />;
  const h = q.data;
  const change = (i: Indicator | undefined, fmt: (x: number) => string, goodUp = true) => {
    if (!i || i.change === null || i.change === undefined) return null;
    const up = i.change >= 0;
    return (
      <span style={{ fontSize: 12, color: up === goodUp ? "#237804" : "#cf1322" }}>
        {up ? "▲" : "▼"} {fmt(Math.abs(i.change))}
      </span>
    );
  };
  return (
    <Card
      size="small"
      loading={q.isLoading}
      title={`${t("funnel.indicators")} · ${h?.period.key ?? ""} (${t("funnel.change")} ${h?.previousPeriod.key ?? ""})`}
      data-testid="funnel-health"
    >
      <div className="jd-grid-4">
        <Statistic title={t("funnel.customerCount")} value={num(h?.customerCount.value)} suffix={change(h?.customerCount, (x) => num(x))} />
        <Statistic title={`${t("funnel.customerQuality")}`} value={pct(h?.quality.value)} suffix={change(h?.quality, (x) => pct(x))} />
        <Statistic title={t("funnel.conversionRate")} value={pct(h?.conversion.value)} suffix={change(h?.conversion, (x) => pct(x))} />
        <Statistic
          title={t("funnel.salesCycle")}
          value={`${num(h?.cycleDays.value)} ${t("common.days")}`}
          suffix={change(h?.cycleDays, (x) => num(x), false)}
        />
      </div>
      {h && (
        <div className="jd-muted" style={{ fontSize: 12 }}>
          {t("home.openPipeline")} ⌀ {money(h.averageOpenFen.value, locale)}
        </div>
      )}
    </Card>
  );
}

/** Pipeline velocity and the four levers of seed 001 as what-if sliders, each with its effect on next quarter's revenue. */
import { useQuery } from "@tanstack/react-query";
import { Card, Slider, Statistic, Table } from "antd";
import { useDeferredValue, useState } from "react";
import { api } from "../../api/client";
import { Unavailable } from "../../components/Unavailable";
import { money, num, pct } from "../../format";
import { type MessageKey, useI18n } from "../../i18n";
import type { Velocity } from "./types";

const LEVERS: Array<{ key: "winRate" | "opportunities" | "cycle" | "dealSize"; label: MessageKey }> = [
  { key: "winRate", label: "funnel.winRate" },
  { key: "opportunities", label: "funnel.moreOpps" },
  { key: "cycle", label: "funnel.shorterCycle" },
  { key: "dealSize", label: "funnel.biggerDeals" },
];

export function VelocityCard({ params }: { params: Record<string, unknown> }) {
  const { t, locale } = useI18n();
  const [levers, setLevers] = useState({ winRate: 0, opportunities: 0, cycle: 0, dealSize: 0 });
  const deferred = useDeferredValue(levers);
  const q = useQuery({
    queryKey: ["report", "velocity", params, deferred],
    placeholderData: (prev) => prev,
    queryFn: () =>
      api.get<Velocity>("/reports/velocity", {
        ...(params as Record<string, string>),
        ...Object.fromEntries(Object.entries(deferred).map(([k, v]) => [k, v / 100])),
      }),
    meta: { silent: true },
  });
  const v = q.data;
  const base = v?.whatIf.find((w) => w.lever === "base");
  const combined = v?.whatIf.find((w) => w.lever === "combined" || w.lever === "all");
  return (
    <Card size="small" loading={q.isLoading && !v} title={t("funnel.velocity")} data-testid="velocity">
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        v && (
          <>
            <div style={{ display: "flex", gap: 24, flexWrap: "wrap" }}>
              <Statistic title={`${t("funnel.revenue")} / ${locale === "en" ? "month" : "月"}`} value={money(v.perMonthFen, locale)} />
              <Statistic title={`${t("funnel.revenue")} ${v.nextQuarter.key}`} value={money(base?.revenueFen, locale)} />
              {combined && (
                <Statistic
                  title={t("funnel.whatIf")}
                  value={money(combined.revenueFen, locale)}
                  styles={{ content: { color: combined.deltaFen >= 0 ? "#237804" : "#cf1322" } }}
                />
              )}
            </div>
            <div className="jd-muted" style={{ fontSize: 12, margin: "4px 0 8px" }}>
              {v.inputs.openCount} × {pct(v.inputs.winRate)} × {money(v.inputs.avgWonFen, locale)} ÷ {num(v.inputs.avgCycleDays)} {t("common.days")}
            </div>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={LEVERS}
              columns={[
                { title: "", key: "l", width: 130, render: (_: unknown, l) => t(l.label) },
                {
                  title: "",
                  key: "s",
                  render: (_: unknown, l) => (
                    <Slider
                      min={l.key === "cycle" ? -50 : -20}
                      max={l.key === "cycle" ? 20 : 50}
                      step={5}
                      value={levers[l.key]}
                      tooltip={{ formatter: (x) => `${x}%` }}
                      onChange={(x: number) => setLevers({ ...levers, [l.key]: x })}
                      ariaLabelForHandle={t(l.label)}
                    />
                  ),
                },
                {
                  title: "Δ",
                  key: "d",
                  width: 90,
                  align: "right",
                  render: (_: unknown, l) => {
                    const w = v.whatIf.find((x) => x.lever === l.key);
                    return w ? (
                      <span style={{ color: w.deltaFen >= 0 ? "#237804" : "#cf1322" }}>
                        {w.deltaFen >= 0 ? "+" : ""}
                        {money(w.deltaFen, locale)}
                      </span>
                    ) : (
                      "—"
                    );
                  },
                },
              ]}
            />
          </>
        )
      )}
    </Card>
  );
}

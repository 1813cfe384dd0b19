/** Forecast: by category and period rolled up rep → team → company, weekly submissions, snapshot history, accuracy. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, InputNumber, Input, Modal, Segmented, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import { useUser } from "../../auth";
import { Chart } from "../../components/Chart";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { PeriodPicker } from "../../components/PeriodPicker";
import { Unavailable } from "../../components/Unavailable";
import { dateTime, money, pct } from "../../format";
import { useCode, useI18n } from "../../i18n";
import { ForecastSummary } from "../Home";
import { CATEGORY_KEYS, type Forecast, type ForecastLine } from "./types";
import { DrillScope, Figure, useOpenFigure } from "./drill";
import { FridayMoves } from "./FridayMoves";

interface Submission {
  id: number;
  commit_fen: number;
  best_case_fen: number;
  note: string | null;
  submitted_at: number;
  adjusted_commit_fen: number | null;
  adjusted_best_case_fen: number | null;
  adjust_note: string | null;
}
interface Submissions {
  period: string;
  week: string;
  items: Array<{ userId: number; name: string; departmentId: number | null; system: ForecastLine | null; submission: Submission | null }>;
}
type SnapshotRow = Record<string, number | string | null>;
interface ScopeAccuracy {
  scope: string;
  scopeId: number | null;
  name?: string;
  mape: number | null;
  mapeFirst: number | null;
  bias: number | null;
  direction: string | null;
  periods: Array<{ period: string; actualFen: number; absPctError: number | null; signedPctError: number | null }>;
}

export default function ForecastPage() {
  const { t } = useI18n();
  const [period, setPeriod] = useState<string | undefined>();
  const [probability, setProbability] = useState<"stage" | "predicted">("stage");
  const kind = period && /^\d{4}-\d{2}$/.test(period) ? "month" : "quarter";
  const product = useFilters(["product"]).values.product;
  const fc = useQuery({
    queryKey: ["forecast", period, probability, product],
    queryFn: () => api.get<Forecast>("/forecast", { period, kind, probability, product }),
    meta: { silent: true },
  });
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("fc.title")} {fc.data?.period}
        </Typography.Title>
        <PeriodPicker value={period ?? fc.data?.period} onChange={setPeriod} />
        <Segmented
          value={probability}
          onChange={(v) => setProbability(v as "stage" | "predicted")}
          options={[
            { value: "stage", label: t("opp.stageProbability") },
            { value: "predicted", label: t("opp.predicted") },
          ]}
        />
        <FilterBar show={["product"]} />
      </Space>
      {fc.error ? (
        <Unavailable error={fc.error} />
      ) : (
        <DrillScope filter={{ product, probability }}>
          <Space orientation="vertical" size={16} style={{ width: "100%" }}>
            <Card size="small" loading={fc.isLoading} title={t("fc.byCategory")} extra={<span className="jd-muted">{t("fc.drillHint")}</span>}>
              {fc.data && <ByCategory f={fc.data} />}
            </Card>
            <FridayMoves period={fc.data?.period} />
            <Submissions period={fc.data?.period} />
            <div className="jd-grid-2">
              <History period={fc.data?.period} />
              <Accuracy />
            </div>
          </Space>
        </DrillScope>
      )}
    </div>
  );
}

function ByCategory({ f }: { f: Forecast }) {
  const { t, locale } = useI18n();
  const code = useCode();
  const open = useOpenFigure();
  const rows = [
    { ...f.company, name: t("fc.company"), key: "c" },
    ...f.teams.map((x) => ({ ...x, key: `t${x.scopeId}` })),
    ...f.reps.filter((r) => r.forecastFen || r.wonFen).map((x) => ({ ...x, key: `u${x.scopeId}` })),
  ];
  return (
    <>
      <ForecastSummary line={f.company} />
      <div className="jd-grid-2" style={{ marginTop: 8 }}>
        <Chart
          height={260}
          onClick={(p) => {
            const team = f.teams[p.dataIndex];
            const i = p.seriesIndex ?? -1;
            const what = i === 0 ? "won" : CATEGORY_KEYS[i - 1];
            if (team && what)
              open(`${team.name ?? t("fc.noTeam")} · ${what === "won" ? t("fc.actual") : code("fc", what)}`, { line: team, period: f.period, what });
          }}
          option={{
            tooltip: { trigger: "axis" },
            legend: { bottom: 0 },
            grid: { left: 60, right: 10, top: 10, bottom: 50 },
            xAxis: { type: "category", data: f.teams.map((x) => x.name ?? "") },
            yAxis: { type: "value", axisLabel: { formatter: (v: number) => money(v, locale, 0) } },
            series: [
              { name: t("fc.actual"), type: "bar", stack: "f", data: f.teams.map((x) => x.wonFen), itemStyle: { color: "#389e0d" } },
              ...CATEGORY_KEYS.filter((c) => c !== "omitted").map((c, i) => ({
                name: code("fc", c),
                type: "bar",
                stack: "f",
                data: f.teams.map((x) => x.categories[c].weightedFen),
                itemStyle: { color: ["#c8871a", "#e6b35a", "#f0d9a8"][i] },
              })),
            ],
          }}
        />
        <Table
          size="small"
          rowKey="key"
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          dataSource={rows}
          columns={[
            { title: t("common.owner"), dataIndex: "name", render: (v: string, r) => (r.scope === "user" ? v : <strong>{v}</strong>) },
            {
              title: t("fc.actual"),
              dataIndex: "wonFen",
              align: "right",
              render: (v: number, r) => (
                <Figure title={`${r.name ?? t("fc.noTeam")} · ${t("fc.actual")}`} f={{ line: r, period: f.period, what: "won" }}>
                  {money(v, locale)}
                </Figure>
              ),
            },
            ...CATEGORY_KEYS.map((c) => ({
              title: code("fc", c),
              key: c,
              align: "right" as const,
              render: (_: unknown, r: ForecastLine & { name?: string | null }) => (
                <Figure title={`${r.name ?? t("fc.noTeam")} · ${code("fc", c)}`} f={{ line: r, period: f.period, what: c }}>
                  {money(r.categories[c].weightedFen, locale)}
                </Figure>
              ),
            })),
            { title: t("fc.title"), dataIndex: "forecastFen", align: "right", render: (v: number) => <strong>{money(v, locale)}</strong> },
          ]}
        />
      </div>
    </>
  );
}

function Submissions({ period }: { period?: string }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const q = useQuery({
    queryKey: ["forecast", "submissions", period],
    enabled: !!period,
    queryFn: () => api.get<Submissions>("/forecast/submissions", { period }),
    meta: { silent: true },
  });
  const [open, setOpen] = useState(false);
  const [adjusting, setAdjusting] = useState<Submission | null>(null);
  const [form] = Form.useForm<{ commit: number; bestCase: number; note?: string }>();
  const submit = useMutation({
    mutationFn: (v: { commit: number; bestCase: number; note?: string }) =>
      adjusting
        ? api.post(`/forecast/submissions/${adjusting.id}/adjust`, {
            commitFen: Math.round(v.commit * 100),
            bestCaseFen: Math.round(v.bestCase * 100),
            note: v.note ?? "",
          })
        : api.post("/forecast/submissions", { period, commitFen: Math.round(v.commit * 100), bestCaseFen: Math.round(v.bestCase * 100), note: v.note }),
    onSuccess: () => {
      message.success(t("common.saved"));
      setOpen(false);
      setAdjusting(null);
      void qc.invalidateQueries({ queryKey: ["forecast"] });
    },
  });
  const mine = q.data?.items.find((i) => i.userId === user.id);
  const openForm = (s: Submission | null, system: ForecastLine | null | undefined) => {
    setAdjusting(s);
    form.setFieldsValue({
      commit: (s ? (s.adjusted_commit_fen ?? s.commit_fen) : (system?.wonFen ?? 0) + (system?.categories.commit.amountFen ?? 0)) / 100,
      bestCase:
        (s
          ? (s.adjusted_best_case_fen ?? s.best_case_fen)
          : (system?.wonFen ?? 0) + (system?.categories.commit.amountFen ?? 0) + (system?.categories.best_case.amountFen ?? 0)) / 100,
      note: undefined,
    });
    setOpen(true);
  };
  type Item = Submissions["items"][number];
  return (
    <Card
      size="small"
      loading={q.isLoading}
      title={`${t("fc.submissions")} · ${q.data?.week ?? ""}`}
      extra={
        <Button type="primary" onClick={() => openForm(null, mine?.system)} data-testid="forecast-submit">
          {t("fc.submit")}
        </Button>
      }
    >
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        <Table<Item>
          size="small"
          rowKey="userId"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={q.data?.items ?? []}
          columns={[
            { title: t("common.owner"), dataIndex: "name" },
            { title: t("fc.systemForecast"), key: "sys", align: "right", render: (_: unknown, r) => money(r.system?.forecastFen ?? 0, locale) },
            {
              title: t("fc.commit"),
              key: "c",
              align: "right",
              render: (_: unknown, r) => (r.submission ? money(r.submission.adjusted_commit_fen ?? r.submission.commit_fen, locale) : <Tag>—</Tag>),
            },
            {
              title: t("fc.best_case"),
              key: "b",
              align: "right",
              render: (_: unknown, r) => (r.submission ? money(r.submission.adjusted_best_case_fen ?? r.submission.best_case_fen, locale) : "—"),
            },
            { title: t("common.date"), key: "d", render: (_: unknown, r) => (r.submission ? dateTime(r.submission.submitted_at) : "—") },
            {
              title: t("common.note"),
              key: "n",
              ellipsis: true,
              render: (_: unknown, r) => [r.submission?.note, r.submission?.adjust_note && `✎ ${r.submission.adjust_note}`].filter(Boolean).join(" · "),
            },
            {
              title: "",
              key: "a",
              render: (_: unknown, r) =>
                user.role !== "rep" &&
                r.submission &&
                r.userId !== user.id && (
                  <Button size="small" onClick={() => openForm(r.submission, r.system)}>
                    {t("common.edit")}
                  </Button>
                ),
            },
          ]}
        />
      )}
      <Modal
        open={open}
        title={adjusting ? t("common.edit") : t("fc.submit")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={submit.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)}>
          <Form.Item name="commit" label={`${t("fc.commit")} (¥)`} rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="bestCase" label={`${t("fc.best_case")} (¥)`} rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="note" label={t("common.note")} rules={adjusting ? [{ required: true }] : []}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

const n = (r: SnapshotRow, a: string, b: string) => Number(r[a] ?? r[b] ?? 0);

function History({ period }: { period?: string }) {
  const { t, locale } = useI18n();
  const code = useCode();
  const q = useQuery({
    queryKey: ["forecast", "snapshots", period],
    enabled: !!period,
    queryFn: () => api.get<{ items: SnapshotRow[] }>("/forecast/snapshots", { period, scope: "company" }),
    meta: { silent: true },
  });
  const rows = (q.data?.items ?? []).filter((r) => (r.scope ?? "company") === "company").sort((a, b) => String(a.week).localeCompare(String(b.week)));
  return (
    <Card size="small" loading={q.isLoading} title={t("fc.history")}>
      {q.error ? (
        <Unavailable error={q.error} />
      ) : rows.length === 0 ? (
        <span className="jd-muted">{t("common.none")}</span>
      ) : (
        <Chart
          height={280}
          option={{
            tooltip: { trigger: "axis" },
            legend: { bottom: 0 },
            grid: { left: 60, right: 10, top: 10, bottom: 50 },
            xAxis: { type: "category", data: rows.map((r) => r.week) },
            yAxis: { type: "value", axisLabel: { formatter: (v: number) => money(v, locale, 0) } },
            series: [
              { name: t("fc.actual"), type: "bar", stack: "s", data: rows.map((r) => n(r, "won_fen", "wonFen")), itemStyle: { color: "#389e0d" } },
              { name: code("fc", "commit"), type: "bar", stack: "s", data: rows.map((r) => n(r, "commit_fen", "commitFen")), itemStyle: { color: "#c8871a" } },
              {
                name: code("fc", "best_case"),
                type: "bar",
                stack: "s",
                data: rows.map((r) => n(r, "best_case_fen", "bestCaseFen")),
                itemStyle: { color: "#e6b35a" },
              },
              {
                name: t("common.weighted"),
                type: "line",
                data: rows.map((r) => n(r, "weighted_fen", "weightedFen") + n(r, "won_fen", "wonFen")),
                itemStyle: { color: "#333" },
              },
            ],
          }}
        />
      )}
    </Card>
  );
}

function Accuracy() {
  const { t, locale } = useI18n();
  const code = useCode();
  const q = useQuery({
    queryKey: ["forecast", "accuracy"],
    queryFn: () =>
      api.get<{ periods: string[]; system: ScopeAccuracy[]; submitted: ScopeAccuracy[] }>("/reports/forecast/accuracy", { kind: "quarter", periods: 4 }),
    meta: { silent: true },
  });
  const rows = [...(q.data?.system ?? []).map((r) => ({ ...r, src: "system" })), ...(q.data?.submitted ?? []).map((r) => ({ ...r, src: "submitted" }))];
  return (
    <Card size="small" loading={q.isLoading} title={t("fc.accuracy")}>
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        <Table
          size="small"
          rowKey={(r) => `${r.src}-${r.scope}-${r.scopeId}`}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          dataSource={rows}
          locale={{ emptyText: t("common.none") }}
          expandable={{
            expandedRowRender: (r) => (
              <Table
                size="small"
                rowKey="period"
                pagination={false}
                dataSource={r.periods}
                columns={[
                  { title: t("common.period"), dataIndex: "period" },
                  {
                    title: t("fc.periodActual"),
                    dataIndex: "actualFen",
                    align: "right",
                    render: (v: number, p) => (
                      <Figure
                        title={`${r.name ?? t("fc.company")} · ${p.period} · ${t("fc.periodActual")}`}
                        f={{ line: { scope: r.scope as "user", scopeId: r.scopeId }, period: p.period, what: "won", unfiltered: true }}
                      >
                        {money(v, locale)}
                      </Figure>
                    ),
                  },
                  { title: t("fc.error"), dataIndex: "absPctError", align: "right", render: (v: number | null) => pct(v) },
                ]}
              />
            ),
          }}
          columns={[
            { title: "", dataIndex: "src", width: 80, render: (v: string) => <Tag>{t(v === "system" ? "fc.src.system" : "fc.src.submitted")}</Tag> },
            { title: t("common.owner"), key: "n", render: (_: unknown, r) => r.name ?? (r.scope === "company" ? t("fc.company") : t("fc.noTeam")) },
            { title: `${t("fc.error")} (MAPE)`, dataIndex: "mape", align: "right", render: (v: number | null) => pct(v) },
            {
              title: t("fc.bias"),
              dataIndex: "bias",
              align: "right",
              render: (v: number | null) =>
                v === null ? (
                  "—"
                ) : (
                  <span style={{ color: Math.abs(v) > 0.2 ? "#cf1322" : undefined }}>
                    {v > 0 ? "+" : ""}
                    {pct(v)}
                  </span>
                ),
            },
            {
              title: "",
              dataIndex: "direction",
              render: (v: string | null) => (v ? <Tag color={v === "on_target" ? "green" : "orange"}>{code("fc.dir", v)}</Tag> : null),
            },
          ]}
        />
      )}
    </Card>
  );
}

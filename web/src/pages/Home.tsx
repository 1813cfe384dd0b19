/** Home per role: a rep's to-dos, a manager's team funnel and forecast, a director's Friday view. */
import { WarningOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, List, Space, Statistic, Table, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import { useDealPipelines } from "../api/hooks";
import type { Activity, Followups } from "../api/types";
import { useUser } from "../auth";
import { Chart } from "../components/Chart";
import { Unavailable } from "../components/Unavailable";
import { dateTime, money } from "../format";
import { useCode, useI18n } from "../i18n";
import type { ForecastLine, Friday } from "./forecast/types";

export default function Home() {
  const user = useUser();
  const { t } = useI18n();
  const who = user.role === "admin" ? "director" : user.role;
  return (
    <div data-testid={`home-${who}`}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {user.role === "rep" ? t("home.rep") : user.role === "manager" ? t("home.manager") : t("home.director")}
      </Typography.Title>
      {user.role === "admin" && <FridayView />}
      {user.role !== "rep" && <TeamFunnel />}
      <Todos />
    </div>
  );
}

function ActivityItems({ items }: { items: Activity[] }) {
  const code = useCode();
  return (
    <List size="small" dataSource={items} locale={{ emptyText: "—" }} pagination={items.length > 8 ? { pageSize: 8, size: "small" } : false}
      renderItem={(a) => (
        <List.Item>
          <div style={{ minWidth: 0 }}>
            <Tag>{code("act", a.kind)}</Tag>
            <Link to={a.opportunityId ? `/opportunities/${a.opportunityId}` : `/customers/${a.customerId}`}>{a.customerName ?? a.subject}</Link>
            <div className="jd-muted" style={{ fontSize: 12 }}>{a.subject} · {dateTime(a.nextFollowUpAt ?? a.plannedAt)}{a.ownerName ? ` · ${a.ownerName}` : ""}</div>
          </div>
        </List.Item>
      )} />
  );
}

function Todos() {
  const { t, L, locale } = useI18n();
  const q = useQuery({ queryKey: ["followups"], queryFn: () => api.get<Followups>("/followups"), meta: { silent: true } });
  if (q.error) return <Unavailable error={q.error} />;
  const f = q.data;
  return (
    <div className="jd-grid-2" style={{ marginTop: 16 }}>
      <Card size="small" loading={q.isLoading} title={<Badge count={f?.overdue.length} offset={[12, 0]} color="red">{t("home.overdue")}</Badge>} data-testid="todo-overdue">
        <ActivityItems items={f?.overdue ?? []} />
      </Card>
      <Card size="small" loading={q.isLoading} title={<Badge count={f?.today.length} offset={[12, 0]} color="gold">{t("home.today")}</Badge>}>
        <ActivityItems items={f?.today ?? []} />
      </Card>
      <Card size="small" loading={q.isLoading} title={t("home.stageActions")}>
        <List size="small" dataSource={f?.stageActions ?? []} pagination={(f?.stageActions.length ?? 0) > 6 ? { pageSize: 6, size: "small" } : false}
          renderItem={(s) => (
            <List.Item>
              <div>
                <Link to={`/opportunities/${s.opportunityId}`}>{s.customerName ? `${s.customerName} · ` : ""}{s.title}</Link> <Tag>{L(s, "stageName")}</Tag>
                <ul style={{ margin: "4px 0 0", paddingLeft: 18 }}>
                  {s.actions.map((a, i) => <li key={i} className="jd-muted">{typeof a === "string" ? a : L(a, "text")}</li>)}
                </ul>
              </div>
            </List.Item>
          )} />
      </Card>
      <Card size="small" loading={q.isLoading} title={<Space><WarningOutlined style={{ color: "#cf1322" }} />{t("home.stalled")} <Tag>{f?.stalled.length ?? 0}</Tag></Space>}>
        <List size="small" dataSource={f?.stalled ?? []} pagination={(f?.stalled.length ?? 0) > 8 ? { pageSize: 8, size: "small" } : false}
          renderItem={(o) => (
            <List.Item extra={<span className="jd-muted">{t("board.daysInStage", { n: Math.floor(o.daysInStage) })}</span>}>
              <Link to={`/opportunities/${o.id}`}>{o.customerName} · {o.title}</Link> <span className="jd-muted">{money(o.amountFen, locale)} · {L(o, "stageName")}</span>
            </List.Item>
          )} />
      </Card>
    </div>
  );
}

interface SnapshotReport { stages: Array<{ stageId: number; nameZh: string; nameEn: string; count: number; amountFen: number; weightedFen: number }>; total: { count: number; amountFen: number; weightedFen: number } }

function TeamFunnel() {
  const { t, L, locale } = useI18n();
  const navigate = useNavigate();
  const pipelines = useDealPipelines();
  const pid = pipelines.data?.[0]?.id;
  const snap = useQuery({ queryKey: ["report", "funnel", pid], enabled: !!pid, queryFn: () => api.get<SnapshotReport>("/reports/funnel", { pipeline: pid }), meta: { silent: true } });
  const fc = useQuery({ queryKey: ["forecast", "home"], queryFn: () => api.get<{ period: string; company: ForecastLine; teams: ForecastLine[] }>("/forecast"), meta: { silent: true } });
  return (
    <div className="jd-grid-2">
      <Card size="small" title={`${t("funnel.snapshot")} · ${pipelines.data?.[0] ? L(pipelines.data[0], "name") : ""}`} extra={<Link to="/funnel">{t("nav.funnel")}</Link>}>
        {snap.error ? <Unavailable error={snap.error} /> : (
          <>
            <Space size="large">
              <Statistic title={t("home.openPipeline")} value={money(snap.data?.total.amountFen, locale)} suffix={<span className="jd-muted" style={{ fontSize: 13 }}>({snap.data?.total.count ?? 0})</span>} />
              <Statistic title={t("home.weightedPipeline")} value={money(snap.data?.total.weightedFen, locale)} />
            </Space>
            <Chart height={230} onClick={() => navigate("/funnel")} option={{
              tooltip: { trigger: "item" },
              series: [{ type: "funnel", sort: "none", left: 10, right: 10, top: 10, bottom: 10, minSize: "25%", label: { formatter: "{b}: {c}" },
                data: (snap.data?.stages ?? []).map((s) => ({ name: L(s, "name"), value: s.count })) }],
            }} />
          </>
        )}
      </Card>
      <Card size="small" title={`${t("fc.title")} ${fc.data?.period ?? ""}`} extra={<Link to="/forecast">{t("nav.forecast")}</Link>}>
        {fc.error ? <Unavailable error={fc.error} /> : fc.data && <ForecastSummary line={fc.data.company} teams={fc.data.teams} />}
      </Card>
    </div>
  );
}

export function ForecastSummary({ line, teams }: { line: ForecastLine; teams?: ForecastLine[] }) {
  const { t, locale } = useI18n();
  return (
    <>
      <Space size="large" wrap>
        <Statistic title={t("fc.actual")} value={money(line.wonFen, locale)} />
        <Statistic title={t("fc.commit")} value={money(line.categories.commit.weightedFen, locale)} />
        <Statistic title={t("fc.best_case")} value={money(line.categories.best_case.weightedFen, locale)} />
        <Statistic title={t("fc.title")} value={money(line.forecastFen, locale)} styles={{ content: { color: "#c8871a" } }} />
      </Space>
      {teams && teams.length > 0 && (
        <Table<ForecastLine> size="small" rowKey={(r) => String(r.scopeId)} pagination={false} style={{ marginTop: 8 }}
          dataSource={teams.filter((x) => x.forecastFen || x.wonFen)}
          columns={[
            { title: t("common.team"), dataIndex: "name" },
            { title: t("fc.actual"), dataIndex: "wonFen", align: "right", render: (v: number) => money(v, locale) },
            { title: t("fc.commit"), key: "c", align: "right", render: (_: unknown, r) => money(r.categories.commit.weightedFen, locale) },
            { title: t("fc.title"), dataIndex: "forecastFen", align: "right", render: (v: number) => money(v, locale) },
          ]} />
      )}
    </>
  );
}

function FridayView() {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ["friday"], queryFn: () => api.get<Friday>("/reports/forecast/friday"), meta: { silent: true } });
  if (q.error) return <Card size="small" style={{ marginBottom: 16 }}><Unavailable error={q.error} /></Card>;
  const f = q.data;
  const delta = f?.movement?.deltaFen;
  return (
    <Card size="small" loading={q.isLoading} style={{ marginBottom: 16 }} data-testid="friday-view"
      title={`${t("home.director")} · ${f?.period ?? ""} · ${f?.week ?? ""}`} extra={<Link to="/forecast">{t("nav.forecast")}</Link>}>
      {f && (
        <>
          <ForecastSummary line={f.forecast.company} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t("funnel.change")}: {delta === null || delta === undefined ? "—" : <span style={{ color: delta >= 0 ? "#389e0d" : "#cf1322" }}>{delta >= 0 ? "+" : ""}{money(delta, locale)}</span>}
            {f.comparedWithWeek ? ` (${f.comparedWithWeek})` : ""}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}

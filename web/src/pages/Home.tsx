/** Home = 销售简报: one request (GET /briefing) for a rep's or a manager's morning; a director also gets the Friday view. */
import { WarningOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, List, Progress, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import { useDealPipelines } from "../api/hooks";
import type { Activity } from "../api/types";
import { useUser } from "../auth";
import { Chart } from "../components/Chart";
import { FollowUpActions } from "../components/FollowUpActions";
import { QuickVisit } from "../components/QuickVisit";
import { Unavailable } from "../components/Unavailable";
import { dateTime, day, money, pct } from "../format";
import { useCode, useI18n } from "../i18n";
import type { ForecastLine, Friday } from "./forecast/types";
import { FridayMoves } from "./forecast/FridayMoves";
import { OverdueList } from "./home/OverdueList";
import type { Briefing, BriefingTarget } from "./home/types";

export default function Home() {
  const user = useUser();
  const { t } = useI18n();
  const who = user.role === "admin" ? "director" : user.role;
  const pipelines = useDealPipelines();
  const pid = pipelines.data?.[0]?.id;
  const q = useQuery({
    queryKey: ["briefing", pid],
    enabled: !pipelines.isLoading,
    queryFn: () => api.get<Briefing>("/briefing", { pipeline: pid }),
    meta: { silent: true },
  });
  return (
    <div data-testid={`home-${who}`}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t("brief.title")}{" "}
        <span className="jd-muted" style={{ fontSize: 14, fontWeight: 400 }}>
          {q.data?.today ?? ""}
        </span>
      </Typography.Title>
      {user.role === "admin" && <FridayView />}
      {q.error ? <Unavailable error={q.error} /> : <BriefingView b={q.data} loading={q.isLoading} manager={user.role !== "rep"} />}
    </div>
  );
}

/** A card title with its count beside it (inline, so a large count never covers the title). */
function Titled({ text, n, color, id }: { text: string; n: number | undefined; color?: string; id?: string }) {
  return (
    <span id={id} className="jd-card-title">
      {text} <Badge count={n ?? 0} showZero overflowCount={9999} color={color ?? "#595959"} />
    </span>
  );
}

function BriefingView({ b, loading, manager }: { b: Briefing | undefined; loading: boolean; manager: boolean }) {
  const { t, locale } = useI18n();
  const attained = b?.targets.items.find((x) => x.amountAttainment?.ratio != null);
  const tiles: Array<[string, ReactNode, string]> = [
    ["today", b?.todayVisits.length ?? "—", t("brief.todayVisits")],
    ["overdue", b?.overdueCount ?? b?.overdue.length ?? "—", t("home.overdue")],
    ["forgotten", b?.forgotten.total ?? "—", t("brief.forgotten", { n: b?.forgottenDays ?? 30 })],
    ["pool", b?.poolSoon.total ?? "—", t("brief.poolSoon")],
    ["closing", b ? `${b.closing.count} · ${money(b.closing.amountFen, locale)}` : "—", t("brief.closing")],
    ["target", attained ? pct(attained.amountAttainment.ratio) : "—", t("brief.target")],
  ];
  return (
    <>
      <div className="jd-grid-6" data-testid="brief-tiles" style={{ marginBottom: 16 }}>
        {tiles.map(([k, v, label]) => (
          <Card key={k} size="small" loading={loading}>
            <a href={`#brief-${k}`} data-testid={`tile-${k}`} style={{ color: "inherit" }}>
              <Statistic title={label} value={v as string} />
            </a>
          </Card>
        ))}
      </div>
      <div className="jd-grid-2">
        <Card
          size="small"
          loading={loading}
          title={<Titled id="brief-today" text={t("brief.todayVisits")} n={b?.todayVisits.length} color="#ad4e00" />}
          data-testid="brief-today"
        >
          <TodoItems items={b?.todayVisits ?? []} />
        </Card>
        <Card
          size="small"
          loading={loading}
          title={<Titled id="brief-overdue" text={t("home.overdue")} n={b?.overdueCount ?? b?.overdue.length} color="#cf1322" />}
          data-testid="todo-overdue"
        >
          <OverdueList first={b?.overdue ?? []} total={b?.overdueCount ?? 0} render={(items) => <TodoItems items={items} paged={false} />} />
        </Card>
        <Card
          size="small"
          loading={loading}
          title={<Titled id="brief-forgotten" text={t("brief.forgotten", { n: b?.forgottenDays ?? 30 })} n={b?.forgotten.total} />}
          data-testid="brief-forgotten"
        >
          <List
            size="small"
            dataSource={b?.forgotten.items ?? []}
            locale={{ emptyText: t("common.none") }}
            renderItem={(c) => (
              <List.Item extra={<QuickVisit customerId={c.customerId} customerName={c.customerName} size="small" />}>
                <div style={{ minWidth: 0 }}>
                  <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>
                  <div className="jd-muted" style={{ fontSize: 12 }}>
                    {c.lastContactAt ? t("brief.silentDays", { n: c.silentDays }) : t("brief.neverContacted")}
                    {manager && c.ownerName ? ` · ${c.ownerName}` : ""}
                  </div>
                </div>
              </List.Item>
            )}
          />
        </Card>
        <Card
          size="small"
          loading={loading}
          title={<Titled id="brief-pool" text={t("brief.poolSoon")} n={b?.poolSoon.total} color="#d4380d" />}
          data-testid="brief-pool"
        >
          <PoolSoon b={b} manager={manager} />
        </Card>
        <Card
          size="small"
          loading={loading}
          title={<Titled id="brief-closing" text={t("brief.closing")} n={b?.closing.count} color="#0958d9" />}
          data-testid="brief-closing"
          extra={
            b && (
              <span className="jd-muted">
                {money(b.closing.amountFen, locale)} · {t("home.weightedPipeline")} {money(b.closing.weightedFen, locale)}
              </span>
            )
          }
        >
          <Closing b={b} manager={manager} />
        </Card>
        <Card
          size="small"
          loading={loading}
          title={
            <span id="brief-target">
              {t("brief.target")} · {b?.month ?? ""}
            </span>
          }
          data-testid="brief-target"
          extra={<Link to="/planning">{t("nav.planning")}</Link>}
        >
          <Targets items={b?.targets.items ?? []} />
        </Card>
        <Card
          size="small"
          loading={loading}
          title={
            <span>
              {t("funnel.snapshot")} · {b ? <PipelineName b={b} /> : ""}
            </span>
          }
          extra={<Link to="/funnel">{t("nav.funnel")}</Link>}
          data-testid="brief-funnel"
        >
          {b && <FunnelChart b={b} />}
        </Card>
        <Card
          size="small"
          loading={loading}
          title={
            <Space>
              <WarningOutlined style={{ color: "#cf1322" }} />
              {t("home.stalled")} <Badge count={b?.stalled.length ?? 0} showZero overflowCount={9999} color="#595959" />
            </Space>
          }
        >
          <Stalled b={b} />
        </Card>
      </div>
      {(b?.stageActions.length ?? 0) > 0 && <StageActions b={b as Briefing} />}
      {manager && <TeamForecast />}
    </>
  );
}

function PipelineName({ b }: { b: Briefing }) {
  const { L } = useI18n();
  return <>{L(b.funnel.pipeline, "name")}</>;
}

function TodoItems({ items, paged = true }: { items: Activity[]; paged?: boolean }) {
  const code = useCode();
  const { t } = useI18n();
  return (
    <List
      size="small"
      dataSource={items}
      locale={{ emptyText: t("common.none") }}
      pagination={paged && items.length > 8 ? { pageSize: 8, size: "small" } : false}
      renderItem={(a) => (
        <List.Item data-testid={`todo-${a.id}`} extra={<FollowUpActions item={a} />}>
          <div style={{ minWidth: 0 }}>
            <Tag>{code("act", a.kind)}</Tag>
            <Link to={a.opportunityId ? `/opportunities/${a.opportunityId}` : `/customers/${a.customerId}`}>{a.customerName ?? a.subject}</Link>
            <div className="jd-muted" style={{ fontSize: 12 }}>
              {a.subject ?? ""} · {dateTime(a.doneAt == null && a.plannedAt ? a.plannedAt : (a.nextFollowUpAt ?? a.plannedAt))}
              {a.ownerName ? ` · ${a.ownerName}` : ""}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}

function PoolSoon({ b, manager }: { b: Briefing | undefined; manager: boolean }) {
  const { t } = useI18n();
  const code = useCode();
  return (
    <List
      size="small"
      dataSource={b?.poolSoon.items ?? []}
      locale={{ emptyText: t("common.none") }}
      renderItem={(c) => (
        <List.Item
          extra={<Tag color={c.status === "due" ? "red" : "orange"}>{c.status === "due" ? t("brief.poolDue") : t("brief.daysLeft", { n: c.daysLeft })}</Tag>}
        >
          <div style={{ minWidth: 0 }}>
            <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>
            <div className="jd-muted" style={{ fontSize: 12 }}>
              {code("pool.rule", c.rule)} · {c.dueDate ?? "—"}
              {manager && c.ownerName ? ` · ${c.ownerName}` : ""}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}

function Closing({ b, manager }: { b: Briefing | undefined; manager: boolean }) {
  const { t, L, locale } = useI18n();
  return (
    <List
      size="small"
      dataSource={b?.closing.items ?? []}
      locale={{ emptyText: t("common.none") }}
      renderItem={(o) => {
        const late = o.expectedCloseDate != null && b != null && o.expectedCloseDate < b.today;
        return (
          <List.Item extra={<span style={{ color: late ? "#cf1322" : undefined, whiteSpace: "nowrap" }}>{day(o.expectedCloseDate)}</span>}>
            <div style={{ minWidth: 0 }}>
              <Link to={`/opportunities/${o.id}`}>
                {o.customerName} · {o.title}
              </Link>
              <div className="jd-muted" style={{ fontSize: 12 }}>
                {money(o.amountFen, locale)} · {L(o, "stageName")}
                {manager ? ` · ${o.ownerName}` : ""}
              </div>
            </div>
          </List.Item>
        );
      }}
    />
  );
}

function Targets({ items }: { items: BriefingTarget[] }) {
  const { t, locale } = useI18n();
  if (!items.length) return <Typography.Text type="secondary">{t("brief.noTarget")}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={items.slice(0, 12)}
      renderItem={(x) => (
        <List.Item>
          <div style={{ width: "100%" }}>
            <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
              <span>
                {x.scope === "team" ? t("brief.teamTarget", { name: x.name ?? "" }) : x.scope === "company" ? t("brief.companyTarget") : (x.name ?? "")}
              </span>
              <span className="jd-muted">
                {money(x.won_fen, locale)} / {money(x.amount_fen, locale)}
              </span>
            </Space>
            <Progress
              percent={Math.round((x.amountAttainment.ratio ?? 0) * 1000) / 10}
              size="small"
              aria-label={t("brief.target")}
              status={x.amountAttainment.pace != null && x.amountAttainment.pace < 1 ? "exception" : "normal"}
            />
          </div>
        </List.Item>
      )}
    />
  );
}

function FunnelChart({ b }: { b: Briefing }) {
  const { t, L } = useI18n();
  const navigate = useNavigate();
  return (
    <>
      <Statistic title={t("home.openPipeline")} value={b.funnel.total.count} />
      {/* The funnel takes the left 60 %; the labels sit in the right 40 % so they are never cut at the edge. */}
      <Chart
        height={240}
        onClick={() => navigate("/funnel")}
        ariaLabel={t("funnel.snapshot")}
        option={{
          tooltip: { trigger: "item" },
          series: [
            {
              type: "funnel",
              sort: "none",
              left: 4,
              top: 8,
              bottom: 8,
              width: "58%",
              minSize: "20%",
              label: { position: "right", formatter: "{b}: {c}", overflow: "truncate", width: 130 },
              labelLine: { show: true },
              data: b.funnel.stages.map((s) => ({ name: L(s, "name"), value: s.count })),
            },
          ],
        }}
      />
    </>
  );
}

function Stalled({ b }: { b: Briefing | undefined }) {
  const { t, L, locale } = useI18n();
  return (
    <List
      size="small"
      dataSource={b?.stalled ?? []}
      locale={{ emptyText: t("common.none") }}
      pagination={(b?.stalled.length ?? 0) > 8 ? { pageSize: 8, size: "small" } : false}
      renderItem={(o) => (
        <List.Item
          extra={
            <span className="jd-muted" style={{ whiteSpace: "nowrap" }}>
              {t("board.daysInStage", { n: Math.floor(o.daysInStage) })}
            </span>
          }
        >
          <div style={{ minWidth: 0 }}>
            <Link to={`/opportunities/${o.id}`}>
              {o.customerName} · {o.title}
            </Link>
            <div className="jd-muted" style={{ fontSize: 12 }}>
              {money(o.amountFen, locale)} · {L(o, "stageName")}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}

function StageActions({ b }: { b: Briefing }) {
  const { t, L } = useI18n();
  return (
    <Card size="small" style={{ marginTop: 16 }} title={t("home.stageActions")}>
      <List
        size="small"
        dataSource={b.stageActions}
        pagination={b.stageActions.length > 6 ? { pageSize: 6, size: "small" } : false}
        renderItem={(s) => (
          <List.Item>
            <div style={{ minWidth: 0 }}>
              <Link to={`/opportunities/${s.opportunityId}`}>
                {s.customerName ? `${s.customerName} · ` : ""}
                {s.title}
              </Link>{" "}
              <Tag>{L(s, "stageName")}</Tag>
              <ul style={{ margin: "4px 0 0", paddingLeft: 18 }}>
                {s.actions.map((a, i) => (
                  <li key={i} className="jd-muted">
                    {L(a, "text")}
                  </li>
                ))}
              </ul>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

function TeamForecast() {
  const { t } = useI18n();
  const fc = useQuery({
    queryKey: ["forecast", "home"],
    queryFn: () => api.get<{ period: string; company: ForecastLine; teams: ForecastLine[] }>("/forecast"),
    meta: { silent: true },
  });
  return (
    <Card size="small" style={{ marginTop: 16 }} title={`${t("fc.title")} ${fc.data?.period ?? ""}`} extra={<Link to="/forecast">{t("nav.forecast")}</Link>}>
      {fc.error ? <Unavailable error={fc.error} /> : fc.data && <ForecastSummary line={fc.data.company} teams={fc.data.teams} />}
    </Card>
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
        <Statistic title={t("fc.title")} value={money(line.forecastFen, locale)} styles={{ content: { color: "#945e0b" } }} />
      </Space>
      {teams && teams.length > 0 && (
        <Table<ForecastLine>
          size="small"
          rowKey={(r) => String(r.scopeId)}
          pagination={false}
          style={{ marginTop: 8 }}
          scroll={{ x: "max-content" }}
          dataSource={teams.filter((x) => x.forecastFen || x.wonFen)}
          columns={[
            { title: t("common.team"), dataIndex: "name" },
            { title: t("fc.actual"), dataIndex: "wonFen", align: "right", render: (v: number) => money(v, locale) },
            { title: t("fc.commit"), key: "c", align: "right", render: (_: unknown, r) => money(r.categories.commit.weightedFen, locale) },
            { title: t("fc.title"), dataIndex: "forecastFen", align: "right", render: (v: number) => money(v, locale) },
          ]}
        />
      )}
    </>
  );
}

function FridayView() {
  const { t, locale } = useI18n();
  const q = useQuery({ queryKey: ["friday"], queryFn: () => api.get<Friday>("/reports/forecast/friday"), meta: { silent: true } });
  if (q.error)
    return (
      <Card size="small" style={{ marginBottom: 16 }}>
        <Unavailable error={q.error} />
      </Card>
    );
  const f = q.data;
  const delta = f?.movement?.deltaFen;
  return (
    <Card
      size="small"
      loading={q.isLoading}
      style={{ marginBottom: 16 }}
      data-testid="friday-view"
      title={`${t("home.director")} · ${f?.period ?? ""} · ${f?.week ?? ""}`}
      extra={<Link to="/forecast">{t("nav.forecast")}</Link>}
    >
      {f && (
        <>
          <ForecastSummary line={f.forecast.company} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t("funnel.change")}:{" "}
            {delta === null || delta === undefined ? (
              "—"
            ) : (
              <span style={{ color: delta >= 0 ? "#237804" : "#cf1322" }}>
                {delta >= 0 ? "+" : ""}
                {money(delta, locale)}
              </span>
            )}
            {f.comparedWithWeek ? ` (${f.comparedWithWeek})` : ""}
          </Typography.Paragraph>
          {f.periodMoves && <FridayMoves moves={f.periodMoves} bordered={false} />}
        </>
      )}
    </Card>
  );
}

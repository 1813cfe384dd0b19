/**
 * The visit calendar: planned and actual activities per day, a week or a month at a time (GET /activities?from&to),
 * filtered by owner and kind, each entry opening its customer or opportunity; the range exports as CSV.
 * On a phone the grid becomes a list of the days that have something.
 */
import { DownloadOutlined, LeftOutlined, RightOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Segmented, Select, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client";
import type { Activity } from "../../api/types";
import { ACTIVITY_KINDS } from "../../components/ActivityList";
import { downloadCsv } from "../../components/csvDownload";
import { FilterBar } from "../../components/FilterBar";
import { Unavailable } from "../../components/Unavailable";
import { dateTime } from "../../format";
import { useCode, useI18n } from "../../i18n";

type View = "week" | "month";

/** When an activity happened (done) or is planned, in the browser's calendar. */
const when = (a: Activity) => dayjs(a.doneAt ?? a.plannedAt ?? undefined);

/** The days shown: whole weeks (Monday first) covering the week or the month of `at`. */
export function gridDays(view: View, at: Dayjs): Dayjs[] {
  const first = view === "week" ? at : at.startOf("month");
  const start = first.subtract((first.day() + 6) % 7, "day").startOf("day");
  const last = view === "week" ? start.add(6, "day") : at.endOf("month");
  const end = last.add((7 - ((last.day() + 6) % 7) - 1) % 7, "day");
  const out: Dayjs[] = [];
  for (let d = start; !d.isAfter(end, "day"); d = d.add(1, "day")) out.push(d);
  return out;
}

export default function CalendarPage() {
  const { t } = useI18n();
  const code = useCode();
  const [params, setParams] = useSearchParams();
  const view: View = params.get("view") === "week" ? "week" : "month";
  const at = params.get("at") ? dayjs(params.get("at")) : dayjs();
  const owner = params.get("owner") ?? undefined;
  const kind = params.get("kind") ?? undefined;
  const set = (k: string, v: string | undefined) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setParams(n, { replace: true });
  };
  const days = gridDays(view, at);
  const from = days[0].format("YYYY-MM-DD");
  const to = days[days.length - 1].format("YYYY-MM-DD");
  const q = useQuery({
    queryKey: ["calendar", from, to, owner, kind],
    queryFn: () => api.get<{ items: Activity[] }>("/activities", { from, to, owner, kind, limit: 5000 }),
  });
  const items = q.data?.items ?? [];
  const byDay = new Map<string, Activity[]>();
  for (const a of items) {
    const k = when(a).format("YYYY-MM-DD");
    byDay.set(k, [...(byDay.get(k) ?? []), a]);
  }
  for (const list of byDay.values()) list.sort((x, y) => when(x).valueOf() - when(y).valueOf());
  const done = items.filter((a) => a.doneAt != null).length;
  const step = (n: number) => set("at", at.add(n, view).format("YYYY-MM-DD"));
  const exportCsv = () =>
    downloadCsv(
      `calendar-${from}-${to}.csv`,
      [t("common.date"), t("act.kind"), t("common.customer"), t("act.subject"), t("act.planned"), t("act.actual"), t("common.owner"), t("act.outcome")],
      [...items]
        .sort((x, y) => when(x).valueOf() - when(y).valueOf())
        .map((a) => [
          when(a).format("YYYY-MM-DD"),
          code("act", a.kind),
          a.customerName ?? "",
          a.subject ?? "",
          a.plannedAt ? dateTime(a.plannedAt) : "",
          a.doneAt ? dateTime(a.doneAt) : "",
          a.ownerName ?? "",
          a.outcome ?? "",
        ]),
    );
  const title = view === "week" ? `${from} ~ ${to}` : at.format("YYYY-MM");
  return (
    <div data-testid="calendar-page">
      <Space wrap style={{ marginBottom: 12, justifyContent: "space-between", width: "100%" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("cal.title")}
        </Typography.Title>
        <Space wrap>
          <Segmented<View>
            value={view}
            onChange={(v) => set("view", v)}
            options={[
              { value: "week", label: t("cal.week") },
              { value: "month", label: t("cal.month") },
            ]}
          />
          <FilterBar show={["owner"]} />
          <Select
            allowClear
            placeholder={t("act.kind")}
            aria-label={t("act.kind")}
            style={{ width: 110 }}
            value={kind}
            onChange={(v) => set("kind", v)}
            options={ACTIVITY_KINDS.map((k) => ({ value: k, label: code("act", k) }))}
          />
          <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!items.length} data-testid="cal-export">
            {t("common.export")}
          </Button>
        </Space>
      </Space>
      <Card
        size="small"
        loading={q.isLoading}
        title={
          <Space>
            <Button size="small" icon={<LeftOutlined />} onClick={() => step(-1)} aria-label={t("cal.prev")} />
            <span data-testid="cal-range">{title}</span>
            <Button size="small" icon={<RightOutlined />} onClick={() => step(1)} aria-label={t("cal.next")} />
            <Button size="small" onClick={() => set("at", undefined)}>
              {t("cal.today")}
            </Button>
          </Space>
        }
        extra={
          <span className="jd-muted" data-testid="cal-counts">
            {t("cal.counts", { planned: items.length - done, done })}
          </span>
        }
      >
        {q.error ? (
          <Unavailable error={q.error} />
        ) : (
          <div className={`jd-cal jd-cal-${view}`} aria-label={t("cal.title")}>
            {days.slice(0, 7).map((d) => (
              <div key={`h${d.day()}`} className="jd-cal-head">
                {d.format("dd")}
              </div>
            ))}
            {days.map((d) => {
              const k = d.format("YYYY-MM-DD");
              const list = byDay.get(k) ?? [];
              const outside = view === "month" && d.month() !== at.month();
              return (
                <div
                  key={k}
                  data-testid={`cal-day-${k}`}
                  data-count={list.length}
                  className={`jd-cal-day${outside ? " outside" : ""}${d.isSame(dayjs(), "day") ? " today" : ""}${list.length ? "" : " empty"}`}
                >
                  <div className="jd-cal-date">
                    {d.format(view === "week" ? "MM-DD dd" : "D")}
                    <span className="jd-cal-phone-date">{d.format("YYYY-MM-DD dd")}</span>
                  </div>
                  {list.slice(0, view === "month" ? 4 : 50).map((a) => (
                    <Link
                      key={a.id}
                      to={a.opportunityId ? `/opportunities/${a.opportunityId}` : `/customers/${a.customerId}`}
                      className={`jd-cal-item ${a.doneAt ? "done" : "planned"}`}
                      title={`${code("act", a.kind)} · ${a.customerName ?? ""} · ${a.subject ?? ""}`}
                    >
                      <Tag color={a.doneAt ? "green" : "orange"} style={{ marginInlineEnd: 4 }}>
                        {code("act", a.kind)}
                      </Tag>
                      {a.customerName}
                    </Link>
                  ))}
                  {view === "month" && list.length > 4 && (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => {
                        const n = new URLSearchParams(params);
                        n.set("view", "week");
                        n.set("at", k);
                        setParams(n, { replace: true });
                      }}
                    >
                      {t("cal.more", { n: list.length - 4 })}
                    </Button>
                  )}
                </div>
              );
            })}
          </div>
        )}
        <Space size="middle" style={{ marginTop: 8 }} className="jd-muted">
          <span>
            <Tag color="orange">{t("act.planned")}</Tag>
            {t("cal.plannedHint")}
          </span>
          <span>
            <Tag color="green">{t("act.actual")}</Tag>
            {t("cal.doneHint")}
          </span>
        </Space>
      </Card>
    </div>
  );
}

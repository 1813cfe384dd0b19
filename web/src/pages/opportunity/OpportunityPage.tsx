/** One opportunity: header with moves, stage path and checklist, fields, history, activities, quotes and payments, predicted win probability. */
import { ArrowLeftOutlined, ArrowRightOutlined, CheckOutlined, CloseOutlined, PauseOutlined, RollbackOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Result, Space, Spin, Tag, Timeline, Typography } from "antd";
import { Link, useParams } from "react-router";
import { api, ApiError } from "../../api/client";
import { useLostReasons } from "../../api/hooks";
import type { OpportunityDetail } from "../../api/types";
import { ActivityList } from "../../components/ActivityList";
import { QuickVisit } from "../../components/QuickVisit";
import { nextStage, previousStage } from "../../components/mover/intents";
import { useMover } from "../../components/mover/useMover";
import { dateTime, money } from "../../format";
import { useI18n } from "../../i18n";
import { errorText } from "../../i18n/errors";
import { CashPanel } from "./CashPanel";
import { LinesPanel } from "./LinesPanel";
import { OppFields } from "./OppFields";
import { Prediction } from "./Prediction";
import { StagePanel } from "./StagePanel";

export default function OpportunityPage() {
  const id = Number(useParams().id);
  const { t, L, locale } = useI18n();
  const q = useQuery({ queryKey: ["opportunity", id], queryFn: () => api.get<OpportunityDetail>(`/opportunities/${id}`), meta: { silent: true } });
  const mover = useMover();
  if (q.isLoading) return <Spin style={{ display: "block", margin: 60 }} />;
  if (q.error || !q.data)
    return (
      <Result
        status={q.error instanceof ApiError && q.error.status === 404 ? "404" : "error"}
        title={q.error instanceof ApiError && q.error.status === 404 ? "404" : t("common.none")}
        subTitle={errorText(locale, q.error)}
        extra={<Link to="/board">{t("nav.board")}</Link>}
        data-testid="opp-not-found"
      />
    );
  const opp = q.data;
  const p = opp.pipeline;
  const next = nextStage(p, opp);
  const prev = previousStage(p, opp);
  const stageName = (sid: number | null) => {
    const s = [...p.stages, ...(p.archivedStages ?? [])].find((x) => x.id === sid);
    return s ? L(s, "name") : "—";
  };
  const open = opp.status === "open";
  return (
    <div>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 12 }} wrap align="start">
        <div>
          <Link to="/board" className="jd-muted">
            <ArrowLeftOutlined /> {t("nav.board")}
          </Link>
          <Typography.Title level={3} style={{ margin: "4px 0" }} data-testid="opp-title">
            {opp.title}
          </Typography.Title>
          <Space wrap>
            <Link to={`/customers/${opp.customerId}`}>{opp.customerName}</Link>
            <Tag color={opp.status === "won" ? "green" : opp.status === "lost" ? "red" : "gold"} data-testid="opp-status">
              {t(`status.${opp.status}`)}
            </Tag>
            <Tag>{L(opp, "stageName")}</Tag>
            <strong>{money(opp.amountFen, locale)}</strong>
            {opp.stalled && <Tag color="red">{t("board.stalled")}</Tag>}
          </Space>
        </div>
        <Space wrap>
          <QuickVisit customerId={opp.customerId} customerName={opp.customerName} opportunityId={opp.id} />
          {open && (
            <>
              {prev && (
                <Button icon={<RollbackOutlined />} onClick={() => mover.move(opp, p, { action: "back", toStage: prev })}>
                  {t("board.moveBack")}
                </Button>
              )}
              <Button icon={<PauseOutlined />} onClick={() => mover.move(opp, p, { action: "stay" })}>
                {t("board.stay")}
              </Button>
              {next && (
                <Button
                  type="primary"
                  icon={<ArrowRightOutlined />}
                  onClick={() => mover.move(opp, p, { action: "advance", toStage: next })}
                  data-testid="opp-advance"
                >
                  {t("board.moveNext")}
                </Button>
              )}
              <Button icon={<CheckOutlined />} style={{ color: "#237804" }} onClick={() => mover.move(opp, p, { action: "won" })} data-testid="opp-won">
                {t("board.markWon")}
              </Button>
              <Button danger icon={<CloseOutlined />} onClick={() => mover.move(opp, p, { action: "lost" })} data-testid="opp-lost">
                {t("board.markLost")}
              </Button>
            </>
          )}
        </Space>
      </Space>
      <div className="jd-split jd-split-2-1">
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <StagePanel opp={opp} />
          <Card title={t("opp.activities")} size="small">
            <ActivityList items={opp.activities} customerId={opp.customerId} opportunityId={opp.id} />
          </Card>
          <LinesPanel opportunityId={opp.id} editable={open} />
          <CashPanel opportunityId={opp.id} />
        </Space>
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <OppFields opp={opp} />
          <Prediction opp={opp} />
          <Card title={t("opp.history")} size="small">
            <Timeline
              data-testid="opp-history"
              items={[...opp.events].reverse().map((e) => ({
                color: e.kind === "won" ? "green" : e.kind === "lost" ? "red" : e.kind === "back" ? "orange" : "blue",
                title: dateTime(e.at),
                content: (
                  <div>
                    <strong>{t(`opp.event.${e.kind}` as "opp.event.advance")}</strong> {e.fromStageId ? `${stageName(e.fromStageId)} → ` : ""}
                    {stageName(e.toStageId)}
                    {e.override ? (
                      <Tag color="orange" style={{ marginLeft: 6 }}>
                        {t("opp.override")}
                      </Tag>
                    ) : null}
                    <div className="jd-muted">
                      {e.actorName}
                      {e.reason ? (
                        <>
                          {" "}
                          · <EventReason kind={e.kind} reason={e.reason} />
                        </>
                      ) : (
                        ""
                      )}
                    </div>
                  </div>
                ),
              }))}
            />
          </Card>
        </Space>
      </div>
      {mover.element}
    </div>
  );
}

/** A stage event's reason; a lost event's starts with the lost reason's key ("timing: …"), shown by its name. */
function EventReason({ kind, reason }: { kind: string; reason: string }) {
  const { L } = useI18n();
  const reasons = useLostReasons().data;
  if (kind !== "lost") return <>{reason}</>;
  const [key, ...rest] = reason.split(": ");
  const r = reasons?.find((x) => x.key === key);
  return <>{r ? [L(r, "name"), ...rest].join(":") : reasons ? reason : "…"}</>;
}

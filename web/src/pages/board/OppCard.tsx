/** One opportunity on the board: customer, title, amount, expected close, days in stage (stalled marked), owner, and a menu of moves. */
import { useDraggable } from "@dnd-kit/core";
import { MoreOutlined, WarningFilled } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { memo } from "react";
import { useNavigate } from "react-router";
import type { Opportunity } from "../../api/types";
import { day, money } from "../../format";
import { useI18n } from "../../i18n";

export type CardAction = "next" | "back" | "stay" | "won" | "lost" | "open";
export const CARD_HEIGHT = 92;

export function CardBody({ opp }: { opp: Opportunity }) {
  const { t, locale } = useI18n();
  return (
    <>
      <div className="cust" title={opp.customerName}>{opp.customerName}</div>
      <div className="jd-muted" style={{ whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }} title={opp.title}>{opp.title}</div>
      <div className="meta">
        <strong>{money(opp.amountFen, locale)}</strong>
        <span title={t("board.expected")}>{opp.expectedCloseDate ? day(opp.expectedCloseDate).slice(5) : "—"}</span>
      </div>
      <div className="meta">
        <span style={{ color: opp.stalled ? "#cf1322" : undefined }}>
          {opp.stalled && <WarningFilled aria-label={t("board.stalled")} style={{ marginRight: 3 }} />}
          {t("board.daysInStage", { n: Math.floor(opp.daysInStage ?? 0) })}
        </span>
        <span>{opp.ownerName}</span>
      </div>
    </>
  );
}

export const OppCard = memo(function OppCard({ opp, onAction, canNext, canBack }: {
  opp: Opportunity; onAction(opp: Opportunity, a: CardAction): void; canNext: boolean; canBack: boolean;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `opp-${opp.id}`, data: { opp } });
  const items = [
    { key: "next", label: t("board.moveNext"), disabled: !canNext },
    { key: "back", label: t("board.moveBack"), disabled: !canBack },
    { key: "stay", label: t("board.stay") },
    { type: "divider" as const },
    { key: "won", label: t("board.markWon") },
    { key: "lost", label: t("board.markLost"), danger: true },
    { type: "divider" as const },
    { key: "open", label: t("common.open") },
  ];
  return (
    <div
      ref={setNodeRef} {...attributes} {...listeners}
      className={`jd-card${opp.stalled ? " stalled" : ""}${isDragging ? " dragging" : ""}`}
      style={{ height: CARD_HEIGHT - 6, position: "relative" }}
      data-testid={`card-${opp.id}`} data-stage={opp.stageId}
      aria-label={`${opp.customerName} · ${opp.title}`}
      onDoubleClick={() => navigate(`/opportunities/${opp.id}`)}
      onKeyDown={(e) => {
        listeners?.onKeyDown?.(e);
        if (e.key === "Enter" && e.target === e.currentTarget) navigate(`/opportunities/${opp.id}`);
      }}
    >
      <div style={{ position: "absolute", right: 2, top: 2 }} onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
        <Dropdown trigger={["click"]} menu={{ items, onClick: (e) => onAction(opp, e.key as CardAction) }}>
          <Button size="small" type="text" icon={<MoreOutlined />} aria-label={`${t("board.moveNext")} …`} title={t("board.moveNext")} data-testid={`card-menu-${opp.id}`} />
        </Dropdown>
      </div>
      <div style={{ paddingRight: 18 }}><CardBody opp={opp} /></div>
    </div>
  );
});

/** A stage column: header with count, amount and weighted amount; a virtualised list of cards; a drop target. */
import { useDroppable } from "@dnd-kit/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Tooltip } from "antd";
import { useRef } from "react";
import type { BoardColumn as Column } from "../../api/types";
import { money, prob } from "../../format";
import { useI18n } from "../../i18n";
import { CARD_HEIGHT, type CardAction, OppCard } from "./OppCard";

export function BoardColumn({
  column,
  onAction,
  isFirst,
  isLast,
}: {
  column: Column;
  onAction(opp: Column["cards"][number], a: CardAction): void;
  isFirst: boolean;
  isLast: boolean;
}) {
  const { t, L, locale } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: `stage-${column.stage.id}`, data: { stage: column.stage } });
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: column.cards.length, getScrollElement: () => scroller.current, estimateSize: () => CARD_HEIGHT, overscan: 8 });
  const def = L(column.stage, "definition");
  return (
    <section ref={setNodeRef} className={`jd-col${isOver ? " over" : ""}`} aria-label={L(column.stage, "name")} data-testid={`column-${column.stage.id}`}>
      <header className="jd-col-head">
        <Tooltip title={def || undefined} placement="bottom">
          <div className="name">
            {L(column.stage, "name")}{" "}
            <span className="jd-muted" style={{ fontWeight: 400 }}>
              {prob(column.stage.probability)}
            </span>
          </div>
        </Tooltip>
        <div className="jd-muted" style={{ fontSize: 12 }}>
          <span data-testid={`column-count-${column.stage.id}`}>{column.count}</span> · {money(column.amountFen, locale)} · {t("board.weighted")}{" "}
          {money(column.weightedFen, locale)}
        </div>
      </header>
      <div className="jd-col-body" ref={scroller}>
        <div style={{ height: v.getTotalSize(), position: "relative" }}>
          {v.getVirtualItems().map((item) => {
            const opp = column.cards[item.index];
            return (
              <div key={opp.id} style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}>
                <OppCard opp={opp} onAction={onAction} canNext={!isLast} canBack={!isFirst} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

/** The Won and Lost drop zones at the end of the board. */
export function ClosedZone({
  stageId,
  kind,
  label,
  count,
  amountFen,
}: {
  stageId: number | string;
  kind: "won" | "lost";
  label: string;
  count?: number;
  amountFen?: number;
}) {
  const { locale } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: `${kind}-${stageId}`, data: { closed: kind } });
  return (
    <section
      ref={setNodeRef}
      className={`jd-col${isOver ? " over" : ""}`}
      style={{ flex: "0 0 110px", minWidth: 110, justifyContent: "center", alignItems: "center", background: kind === "won" ? "#f0f9eb" : "#fdf0f0" }}
      aria-label={label}
      data-testid={`zone-${kind}`}
    >
      <div style={{ fontWeight: 600, color: kind === "won" ? "#237804" : "#cf1322" }}>{label}</div>
      {count !== undefined && (
        <div className="jd-muted">
          {count}
          {amountFen !== undefined ? ` · ${money(amountFen, locale)}` : ""}
        </div>
      )}
    </section>
  );
}

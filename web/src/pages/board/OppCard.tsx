/** One opportunity on the board: customer, title, amount, expected close, days in stage (stalled marked), owner, and a menu of moves. */
import { useDraggable } from "@dnd-kit/core";
import { CalendarOutlined, ClockCircleFilled, MoreOutlined, WarningFilled } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { type HTMLAttributes, type KeyboardEvent, memo, type PointerEventHandler, type Ref, useEffect, useRef, useState } from "react";
import { QuickVisitDrawer } from "../../components/QuickVisit";
import { NewActivity } from "../../components/ActivityList";
import { closeAndReturnFocus } from "../../components/returnFocus";
import { useNavigate } from "react-router";
import type { Opportunity } from "../../api/types";
import { day, money } from "../../format";
import { useI18n } from "../../i18n";

export type CardAction = "next" | "back" | "stay" | "won" | "lost" | "open";
export const CARD_HEIGHT = 112;

/**
 * The card's content. `Title` wraps the customer and title lines: on the board it is the card's focusable drag handle
 * (a button named by exactly that text), with the facts below and the menu button beside it, never inside it.
 */
export function CardBody({ opp, handle }: { opp: Opportunity; handle?: HTMLAttributes<HTMLDivElement> & { ref?: Ref<HTMLDivElement> } }) {
  const { t, locale } = useI18n();
  const closeOverdue = opp.status === "open" && !!opp.expectedCloseDate && String(opp.expectedCloseDate).slice(0, 10) < today();
  return (
    <>
      <div {...handle}>
        <div className="cust" title={opp.customerName}>
          {opp.customerName}
        </div>
        <div className="jd-muted" style={{ whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }} title={opp.title}>
          {opp.title}
        </div>
      </div>
      <div className="meta">
        <strong>{money(opp.amountFen, locale)}</strong>
        <span
          title={t("board.expected")}
          style={{ color: closeOverdue ? "#cf1322" : undefined }}
          data-testid={closeOverdue ? `close-overdue-${opp.id}` : undefined}
        >
          {closeOverdue && <ClockCircleFilled aria-label={t("board.closeOverdue")} style={{ marginRight: 3 }} />}
          {opp.expectedCloseDate ? day(opp.expectedCloseDate).slice(5) : "—"}
        </span>
      </div>
      <div className="meta" data-testid={`next-activity-${opp.id}`}>
        {opp.nextActivityAt ? (
          <span style={{ color: opp.nextActivityAt < Date.now() ? "#cf1322" : undefined }}>
            <CalendarOutlined aria-hidden style={{ marginRight: 3 }} />
            {t("board.nextActivity")} {day(opp.nextActivityAt).slice(5)}
          </span>
        ) : (
          <span style={{ color: "#ad4e00" }}>{t("board.noNextActivity")}</span>
        )}
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

export const OppCard = memo(function OppCard({
  opp,
  onAction,
  canNext,
  canBack,
}: {
  opp: Opportunity;
  onAction(opp: Opportunity, a: CardAction): void;
  canNext: boolean;
  canBack: boolean;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({ id: `opp-${opp.id}`, data: { opp } });
  const menuItems = () => [
    { key: "next", label: t("board.moveNext"), disabled: !canNext },
    { key: "back", label: t("board.moveBack"), disabled: !canBack },
    { key: "stay", label: t("board.stay") },
    { type: "divider" as const },
    { key: "won", label: t("board.markWon") },
    { key: "lost", label: t("board.markLost"), danger: true },
    { type: "divider" as const },
    { key: "visit", label: t("act.logVisit") },
    { key: "activity", label: t("act.new") },
    { key: "open", label: t("common.open") },
  ];
  const [visit, setVisit] = useState(false);
  const [activity, setActivity] = useState(false);
  // where focus goes when the drawer or dialog opened from the menu closes: the menu button, else the card's handle
  const menuButton = useRef<HTMLButtonElement>(null);
  // the move menu (an Ant Design Dropdown: trigger, popup, a dozen hooks) is mounted at the first press of its button:
  // the board renders ~100 cards at once and most menus are never opened. Mounting it replaces the button's DOM node,
  // so the new node takes the focus back.
  const [menuMounted, setMenuMounted] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    if (menuMounted) menuButton.current?.focus();
  }, [menuMounted]);
  const cardFocus = () => (menuButton.current?.isConnected ? menuButton.current : document.querySelector(`[data-testid="card-${opp.id}"]`));
  // the focusable handle: Space picks the card up (then ←/→ and Space), Enter opens the opportunity
  const handle = {
    ref: setActivatorNodeRef,
    ...attributes,
    className: "jd-card-handle",
    "data-testid": `card-${opp.id}`,
    "data-stage": opp.stageId,
    onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => {
      listeners?.onKeyDown?.(e);
      if (e.key === "Enter" && e.target === e.currentTarget) navigate(`/opportunities/${opp.id}`);
    },
  };
  const menuButtonEl = (
    <Button
      size="small"
      type="text"
      icon={<MoreOutlined />}
      aria-label={t("board.cardActions", { name: opp.customerName })}
      title={t("board.cardActions", { name: opp.customerName })}
      aria-haspopup="menu"
      data-testid={`card-menu-${opp.id}`}
      ref={menuButton}
      onClick={
        menuMounted
          ? undefined
          : () => {
              setMenuMounted(true);
              setMenuOpen(true);
            }
      }
    />
  );
  return (
    <div
      ref={setNodeRef}
      onPointerDown={listeners?.onPointerDown as PointerEventHandler<HTMLDivElement> | undefined}
      className={`jd-card${opp.stalled ? " stalled" : ""}${isDragging ? " dragging" : ""}`}
      style={{ height: CARD_HEIGHT - 6, position: "relative" }}
      onDoubleClick={() => navigate(`/opportunities/${opp.id}`)}
    >
      <div style={{ paddingRight: 18 }}>
        <CardBody opp={opp} handle={handle} />
      </div>
      {/* pointer presses here never start a drag; keys need no such guard, the handle is a sibling (and a stopped Escape never reached the menu) */}
      <div style={{ position: "absolute", right: 2, top: 2 }} onPointerDown={(e) => e.stopPropagation()}>
        {menuMounted ? (
          <Dropdown
            trigger={["click"]}
            open={menuOpen}
            onOpenChange={setMenuOpen}
            menu={{
              items: menuItems(),
              onClick: (e) => (e.key === "visit" ? setVisit(true) : e.key === "activity" ? setActivity(true) : onAction(opp, e.key as CardAction)),
            }}
          >
            {menuButtonEl}
          </Dropdown>
        ) : (
          menuButtonEl
        )}
        {/* inside the wrapper that stops pointer events, so pressing in the drawer never drags the card */}
        {visit && (
          <QuickVisitDrawer
            open
            onClose={() => setVisit(false)}
            returnFocus={cardFocus}
            customerId={opp.customerId}
            customerName={opp.customerName}
            opportunityId={opp.id}
          />
        )}
        {activity && (
          <NewActivity customerId={opp.customerId} opportunityId={opp.id} onClose={() => closeAndReturnFocus(() => setActivity(false), null, cardFocus)} />
        )}
      </div>
    </div>
  );
});

/** Today in the browser's calendar, YYYY-MM-DD. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

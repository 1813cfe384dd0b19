/**
 * The kanban: one virtualised column per open stage plus Won / Lost zones. Cards move by mouse drag, by
 * keyboard (focus a card, Space, ←/→ to a column, Space) or by the card's menu; every move goes through useMover.
 */
import {
  closestCenter,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Board, Opportunity, Stage } from "../../api/types";
import { intentForDrop, nextStage, previousStage } from "../../components/mover/intents";
import type { useMover } from "../../components/mover/useMover";
import { useI18n } from "../../i18n";
import { BoardColumn, ClosedZone } from "./BoardColumn";
import { CardBody, type CardAction } from "./OppCard";

/** ←/→ jump the dragged card to the centre of the neighbouring column, rather than 25 px at a time. */
const columnJump: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const { collisionRect, droppableRects } = context;
  if (!collisionRect || (event.code !== "ArrowRight" && event.code !== "ArrowLeft")) return undefined;
  event.preventDefault();
  const cx = collisionRect.left + collisionRect.width / 2;
  const rects = [...droppableRects.values()].sort((a, b) => a.left - b.left);
  const centre = (r: { left: number; width: number }) => r.left + r.width / 2;
  const target = event.code === "ArrowRight" ? rects.find((r) => centre(r) > cx + 8) : [...rects].reverse().find((r) => centre(r) < cx - 8);
  if (!target) return currentCoordinates;
  return { x: centre(target) - collisionRect.width / 2, y: currentCoordinates.y };
};

const pointerThenCentre: CollisionDetection = (args) => {
  const hit = pointerWithin(args);
  return hit.length ? hit : closestCenter(args);
};

export function Kanban({ board, mover }: { board: Board; mover: ReturnType<typeof useMover> }) {
  const { t, L } = useI18n();
  const navigate = useNavigate();
  const [active, setActive] = useState<Opportunity | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnJump, keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] } }),
  );
  const pipeline = board.pipeline;
  const wonStage = pipeline.stages.find((s) => s.kind === "won");
  const lostStage = pipeline.stages.find((s) => s.kind === "lost");
  const closed = closedCounts(board);

  const onAction = (opp: Opportunity, a: CardAction) => {
    if (a === "open") return navigate(`/opportunities/${opp.id}`);
    if (a === "next") {
      const s = nextStage(pipeline, opp);
      if (s) mover.move(opp, pipeline, { action: "advance", toStage: s });
      return;
    }
    if (a === "back") {
      const s = previousStage(pipeline, opp);
      if (s) mover.move(opp, pipeline, { action: "back", toStage: s });
      return;
    }
    mover.move(opp, pipeline, { action: a });
  };
  const onDragStart = (e: DragStartEvent) => setActive((e.active.data.current as { opp: Opportunity }).opp);
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const opp = (e.active.data.current as { opp: Opportunity } | undefined)?.opp;
    const over = e.over?.data.current as { stage?: Stage; closed?: "won" | "lost" } | undefined;
    if (!opp || !over) return;
    if (over.closed) return mover.move(opp, pipeline, { action: over.closed });
    if (!over.stage) return;
    const intent = intentForDrop(pipeline, opp, over.stage);
    if (intent) mover.move(opp, pipeline, intent);
  };
  const cols = board.columns.filter((c) => c.stage.kind === "open");
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={pointerThenCentre}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{ screenReaderInstructions: { draggable: t("board.dragHint") } }}
    >
      <div className="jd-board" data-testid="board">
        {cols.map((c, i) => (
          <BoardColumn key={c.stage.id} column={c} onAction={onAction} isFirst={i === 0} isLast={i === cols.length - 1} />
        ))}
        <ClosedZone
          stageId={wonStage?.id ?? "w"}
          kind="won"
          label={wonStage ? L(wonStage, "name") : t("status.won")}
          count={closed.won?.count}
          amountFen={closed.won?.amountFen}
        />
        <ClosedZone
          stageId={lostStage?.id ?? "l"}
          kind="lost"
          label={lostStage ? L(lostStage, "name") : t("status.lost")}
          count={closed.lost?.count}
          amountFen={closed.lost?.amountFen}
        />
      </div>
      <DragOverlay dropAnimation={null}>
        {active ? (
          <div className={`jd-card${active.stalled ? " stalled" : ""}`} style={{ width: 244, boxShadow: "0 6px 18px rgba(0,0,0,.18)" }}>
            <CardBody opp={active} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

type Closed = { count: number; amountFen?: number } | undefined;

/** Won / lost totals, whichever shape the board answer carries them in. */
export function closedCounts(board: Board): { won: Closed; lost: Closed } {
  const read = (k: "won" | "lost"): Closed => {
    const direct = board[k] ?? (board.closed as Record<string, unknown> | undefined)?.[k];
    if (typeof direct === "number") return { count: direct };
    if (direct && typeof direct === "object") {
      const d = direct as { count?: number; amountFen?: number };
      return { count: d.count ?? 0, amountFen: d.amountFen };
    }
    const col = board.columns.find((c) => c.stage.kind === k);
    return col ? { count: col.count, amountFen: col.amountFen } : undefined;
  };
  return { won: read("won"), lost: read("lost") };
}

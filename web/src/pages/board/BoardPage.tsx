/** The pipeline board page: pipeline, filters, board or list view, export, new opportunity. */
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Dropdown, Segmented, Select, Space, Spin, Typography } from "antd";
import { useState } from "react";
import { api, downloadUrl } from "../../api/client";
import { useDealPipelines } from "../../api/hooks";
import type { Board, Opportunity } from "../../api/types";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { useMover } from "../../components/mover/useMover";
import { Unavailable } from "../../components/Unavailable";
import { ViewPicker } from "../../components/ViewPicker";
import { money } from "../../format";
import { useI18n } from "../../i18n";
import { BoardList } from "./BoardList";
import { closedCounts, Kanban } from "./Kanban";
import { NewOpportunity } from "./NewOpportunity";

export default function BoardPage() {
  const { t, L, locale } = useI18n();
  const pipelines = useDealPipelines();
  const { values, set } = useFilters(["owner", "team", "source", "tier", "pipeline", "view"]);
  const pipelineId = Number(values.pipeline) || pipelines.data?.[0]?.id;
  const view = values.view === "list" ? "list" : "board";
  const filters = { pipeline: pipelineId, owner: values.owner, team: values.team, source: values.source, tier: values.tier };
  const key = ["board", filters];
  const qc = useQueryClient();
  const board = useQuery({ queryKey: key, queryFn: () => api.get<Board>("/board", filters), enabled: !!pipelineId });
  const [creating, setCreating] = useState(false);

  // Move the card on screen at once; the refetch that follows brings the server's totals.
  const mover = useMover({
    onMoved: (updated: Opportunity, before: Opportunity) => qc.setQueryData<Board>(key, (b) => b && moveCard(b, before, updated)),
  });

  const exportParams = { ...filters, status: "open" };
  const totals = board.data?.columns
    .filter((c) => c.stage.kind === "open")
    .reduce((a, c) => ({ count: a.count + c.count, amount: a.amount + c.amountFen, weighted: a.weighted + c.weightedFen }), {
      count: 0,
      amount: 0,
      weighted: 0,
    });
  const closed = board.data ? closedCounts(board.data) : null;
  return (
    <div>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 10 }} wrap>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("board.title")}
          </Typography.Title>
          <Select
            style={{ width: 190 }}
            value={pipelineId}
            onChange={(v) => set("pipeline", String(v))}
            aria-label={t("common.pipeline")}
            loading={pipelines.isLoading}
            options={(pipelines.data ?? []).map((p) => ({ value: p.id, label: L(p, "name") }))}
            data-testid="pipeline-select"
          />
          <Segmented
            value={view}
            onChange={(v) => set("view", v === "list" ? "list" : null)}
            options={[
              { value: "board", label: t("board.kanban") },
              { value: "list", label: t("board.list") },
            ]}
          />
          <FilterBar />
          <ViewPicker list="board" keys={["owner", "team", "source", "tier", "pipeline", "view"]} />
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void board.refetch()} aria-label={t("common.reload")} />
          <Dropdown
            menu={{
              items: [
                {
                  key: "csv",
                  label: (
                    <a href={downloadUrl("/export/opportunities", { ...exportParams, format: "csv" })} download>
                      {t("board.exportCsv")}
                    </a>
                  ),
                },
                {
                  key: "xlsx",
                  label: (
                    <a href={downloadUrl("/export/opportunities", { ...exportParams, format: "xlsx" })} download>
                      {t("board.exportXlsx")}
                    </a>
                  ),
                },
              ],
            }}
          >
            <Button icon={<DownloadOutlined />}>{t("common.export")}</Button>
          </Dropdown>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!pipelineId}>
            {t("board.newOpp")}
          </Button>
        </Space>
      </Space>
      {totals && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="board-totals">
          {t("home.openPipeline")} {totals.count} · {money(totals.amount, locale)} · {t("board.weighted")} {money(totals.weighted, locale)}
          {closed?.won || closed?.lost ? ` · ${t("board.wonLost", { won: closed?.won?.count ?? 0, lost: closed?.lost?.count ?? 0 })}` : ""}
          <span style={{ marginLeft: 12, fontSize: 12 }}>{t("board.dragHint")}</span>
        </Typography.Paragraph>
      )}
      {board.isLoading || pipelines.isLoading ? (
        <div style={{ padding: 60, textAlign: "center" }}>
          <Spin />
        </div>
      ) : board.error ? (
        <Unavailable error={board.error} />
      ) : board.data ? (
        view === "list" ? (
          <BoardList board={board.data} />
        ) : (
          <Kanban board={board.data} mover={mover} />
        )
      ) : null}
      {mover.element}
      {pipelineId && <NewOpportunity pipelineId={pipelineId} open={creating} onClose={() => setCreating(false)} />}
    </div>
  );
}

/** The board with one card moved from its old column to its new one (or out, when closed), totals adjusted. */
export function moveCard(b: Board, before: Opportunity, after: Opportunity): Board {
  const weighted = (o: Opportunity) => Math.round((o.amountFen * o.probability) / (o.probability > 1 ? 100 : 1));
  return {
    ...b,
    columns: b.columns.map((c) => {
      let cards = c.cards,
        count = c.count,
        amountFen = c.amountFen,
        weightedFen = c.weightedFen;
      if (c.stage.id === before.stageId && cards.some((x) => x.id === before.id)) {
        cards = cards.filter((x) => x.id !== before.id);
        count -= 1;
        amountFen -= before.amountFen;
        weightedFen -= weighted(before);
      }
      if (after.status === "open" && c.stage.id === after.stageId) {
        cards = [after, ...cards.filter((x) => x.id !== after.id)];
        count += 1;
        amountFen += after.amountFen;
        weightedFen += weighted(after);
      }
      return cards === c.cards ? c : { ...c, cards, count, amountFen, weightedFen };
    }),
  };
}

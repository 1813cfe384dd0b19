/** The same opportunities as the board, as a sortable table (virtualised for thousands of rows). */
import { Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";
import type { Board, Opportunity } from "../../api/types";
import { day, money, prob } from "../../format";
import { useCode, useI18n } from "../../i18n";

export function BoardList({ board }: { board: Board }) {
  const { t, L, locale } = useI18n();
  const code = useCode();
  const rows = board.columns.flatMap((c) => c.cards);
  const stageOrder = new Map(board.pipeline.stages.map((s) => [s.id, s.position]));
  const cols: ColumnsType<Opportunity> = [
    {
      title: t("common.customer"),
      dataIndex: "customerName",
      width: 200,
      ellipsis: true,
      sorter: (a, b) => a.customerName.localeCompare(b.customerName, "zh"),
      render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link>,
    },
    { title: t("common.title"), dataIndex: "title", ellipsis: true, render: (v: string, r) => <Link to={`/opportunities/${r.id}`}>{v}</Link> },
    {
      title: t("common.stage"),
      dataIndex: "stageId",
      width: 130,
      sorter: (a, b) => (stageOrder.get(a.stageId) ?? 0) - (stageOrder.get(b.stageId) ?? 0),
      render: (_: unknown, r) => L(r, "stageName"),
    },
    {
      title: t("common.amount"),
      dataIndex: "amountFen",
      width: 110,
      align: "right",
      sorter: (a, b) => a.amountFen - b.amountFen,
      defaultSortOrder: "descend",
      render: (v: number) => money(v, locale),
    },
    {
      title: t("common.probability"),
      dataIndex: "probability",
      width: 80,
      align: "right",
      sorter: (a, b) => a.probability - b.probability,
      render: (v: number) => prob(v),
    },
    {
      title: t("board.expected"),
      dataIndex: "expectedCloseDate",
      width: 115,
      sorter: (a, b) => String(a.expectedCloseDate).localeCompare(String(b.expectedCloseDate)),
      render: day,
    },
    {
      title: t("common.days"),
      dataIndex: "daysInStage",
      width: 80,
      align: "right",
      sorter: (a, b) => a.daysInStage - b.daysInStage,
      render: (v: number, r) => (r.stalled ? <Tag color="red">{Math.floor(v)}</Tag> : Math.floor(v)),
    },
    { title: t("common.source"), dataIndex: "source", width: 100, render: (v: string) => code("src", v) },
    { title: t("common.owner"), dataIndex: "ownerName", width: 100, sorter: (a, b) => a.ownerName.localeCompare(b.ownerName, "zh") },
  ];
  return (
    <Table<Opportunity>
      rowKey="id"
      size="small"
      columns={cols}
      dataSource={rows}
      virtual
      scroll={{ x: 1100, y: window.innerHeight - 260 }}
      pagination={false}
      data-testid="board-list"
    />
  );
}

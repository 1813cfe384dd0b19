/** The columns of a drill-down's opportunity table (DrillDrawer, ListDrillDrawer) and the same fields as CSV cells. */
import { Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router";
import type { Opportunity } from "../api/types";
import { day, money } from "../format";
import type { useI18n } from "../i18n";

type I18n = ReturnType<typeof useI18n>;

export function drillColumns({ t, L, locale }: I18n): ColumnsType<Opportunity> {
  return [
    {
      title: t("common.customer"),
      dataIndex: "customerName",
      ellipsis: true,
      render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link>,
    },
    { title: t("common.title"), dataIndex: "title", ellipsis: true, render: (v: string, r) => <Link to={`/opportunities/${r.id}`}>{v}</Link> },
    { title: t("common.stage"), key: "s", width: 100, render: (_: unknown, r) => L(r, "stageName") },
    {
      title: t("common.status"),
      dataIndex: "status",
      width: 70,
      render: (s: string) => <Tag color={s === "won" ? "green" : s === "lost" ? "red" : "gold"}>{t(`status.${s}` as "status.open")}</Tag>,
    },
    { title: t("common.amount"), dataIndex: "amountFen", width: 90, align: "right", render: (v: number) => money(v, locale) },
    { title: t("board.expected"), dataIndex: "expectedCloseDate", width: 100, render: day },
    { title: t("common.owner"), dataIndex: "ownerName", width: 80 },
  ];
}

export function drillCsv({ t, L }: I18n, rows: Opportunity[]): { header: string[]; rows: unknown[][] } {
  return {
    header: [
      "ID",
      t("common.customer"),
      t("common.title"),
      t("common.stage"),
      t("common.status"),
      `${t("common.amount")} (¥)`,
      t("board.expected"),
      t("common.owner"),
    ],
    rows: rows.map((r) => [
      r.id,
      r.customerName,
      r.title,
      L(r, "stageName"),
      t(`status.${r.status}` as "status.open"),
      r.amountFen / 100,
      r.expectedCloseDate ?? "",
      r.ownerName ?? "",
    ]),
  };
}

/** Commission base (GET /reports/commission): money collected per owner in a period, and the commission at a rate. */
import { DownloadOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, InputNumber, Space, Statistic, Table } from "antd";
import { useState } from "react";
import { api } from "../../api/client";
import { downloadCsv } from "../../components/csvDownload";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { PeriodPicker } from "../../components/PeriodPicker";
import { Unavailable } from "../../components/Unavailable";
import { money } from "../../format";
import { useI18n } from "../../i18n";
import type { Commission } from "./types";

export function CommissionTab() {
  const { t, locale } = useI18n();
  const { values, set } = useFilters(["owner", "team", "period"]);
  const [ratePct, setRatePct] = useState(3);
  const period = values.period ?? new Date().toISOString().slice(0, 7);
  const q = useQuery({
    queryKey: ["commission", values, period, ratePct],
    queryFn: () => api.get<Commission>("/reports/commission", { period, rateBp: Math.round(ratePct * 100), owner: values.owner, team: values.team }),
  });
  const r = q.data;
  const exportCsv = () =>
    r &&
    downloadCsv(
      `commission-${r.period}.csv`,
      [t("common.owner"), t("cash.contracts"), t("cash.collected"), t("cash.commission")],
      r.lines.map((l) => [l.ownerName ?? l.ownerId, l.contracts, l.collectedFen / 100, l.commissionFen / 100]),
    );
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="commission"
      title={
        <Space wrap>
          <PeriodPicker value={period} onChange={(k) => set("period", k)} />
          <InputNumber
            min={0}
            max={100}
            step={0.5}
            value={ratePct}
            onChange={(v) => setRatePct(Number(v ?? 0))}
            suffix="%"
            aria-label={t("cash.rate")}
            style={{ width: 110 }}
          />
          <FilterBar show={["owner", "team"]} />
        </Space>
      }
      extra={
        <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!r?.lines.length}>
          {t("common.export")}
        </Button>
      }
    >
      {q.error ? (
        <Unavailable error={q.error} />
      ) : (
        r && (
          <>
            <Space size="large" wrap style={{ marginBottom: 12 }}>
              <Statistic title={t("cash.collected")} value={money(r.totalCollectedFen, locale)} />
              <Statistic title={t("cash.commission")} value={money(r.totalCommissionFen, locale)} />
            </Space>
            <Table
              size="small"
              rowKey="ownerId"
              dataSource={r.lines}
              pagination={false}
              scroll={{ x: 520 }}
              columns={[
                {
                  title: t("common.owner"),
                  key: "o",
                  render: (_: unknown, l) => (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => set("owner", String(l.ownerId))}>
                      {l.ownerName ?? `#${l.ownerId}`}
                    </Button>
                  ),
                },
                { title: t("cash.contracts"), dataIndex: "contracts", align: "right" },
                { title: t("cash.collected"), dataIndex: "collectedFen", align: "right", render: (v: number) => money(v, locale) },
                { title: t("cash.commission"), dataIndex: "commissionFen", align: "right", render: (v: number) => money(v, locale) },
              ]}
            />
          </>
        )
      )}
    </Card>
  );
}

/** Key customers (关键客户): Pareto with the 80/20 point, ABC, pyramid, RFM grid, KAISM quadrants, key-account matrix. */
import { useQuery } from "@tanstack/react-query";
import { Drawer, InputNumber, List, Space, Spin, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { FilterBar, useFilters } from "../../components/FilterBar";
import { Unavailable } from "../../components/Unavailable";
import { useI18n } from "../../i18n";
import { showError } from "../../queryClient";
import { KaismCard, KeyAccountsCard, ParetoCard, type Pick, type PickedCustomer, PyramidCard, RfmCard } from "./charts";
import type { KeyAccounts, Kaism, Pareto, Pyramid, Rfm } from "./types";

function useReport<T>(name: string, params: Record<string, unknown>) {
  return useQuery({
    queryKey: ["report", name, params],
    queryFn: () => api.get<T>(`/reports/${name}`, params as Record<string, string>),
    meta: { silent: true },
    staleTime: 300_000,
  });
}

export default function KeyCustomersPage() {
  const { t } = useI18n();
  const { values, set } = useFilters(["owner", "team", "tier", "months"]);
  const params = { owner: values.owner, team: values.team, tier: values.tier, months: values.months ?? 12, limit: 500 };
  const pareto = useReport<Pareto>("pareto", params);
  const pyramid = useReport<Pyramid>("pyramid", params);
  const rfm = useReport<Rfm>("rfm", params);
  const kaism = useReport<Kaism>("kaism", params);
  const ka = useReport<KeyAccounts>("key-accounts", params);
  const [picked, setPicked] = useState<{ title: string; customers: PickedCustomer[]; loading?: boolean } | null>(null);
  const pick: Pick = (title, customers) => {
    if (Array.isArray(customers)) return setPicked({ title, customers });
    setPicked({ title, customers: [], loading: true });
    customers().then(
      (rows) => setPicked((p) => (p && p.title === title ? { title, customers: rows } : p)),
      (e) => {
        showError(e);
        setPicked(null);
      },
    );
  };
  const block = <T,>(q: { data?: T; error: unknown; isLoading: boolean }, render: (d: T) => React.ReactNode) =>
    q.isLoading ? <Spin style={{ display: "block", margin: 40 }} /> : q.error ? <Unavailable error={q.error} /> : q.data ? render(q.data) : null;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("kc.title")}
        </Typography.Title>
        <FilterBar show={["owner", "team", "tier"]} />
        <InputNumber
          min={1}
          max={60}
          value={Number(params.months)}
          onChange={(v) => set("months", v ? String(v) : null)}
          suffix={t("kc.monthsSuffix")}
          style={{ width: 140 }}
          aria-label={t("kc.months")}
        />
        {pareto.data && (
          <span className="jd-muted">
            {pareto.data.window.from} — {pareto.data.window.to}
          </span>
        )}
      </Space>
      <div className="jd-grid-2">
        {block(pareto, (d) => (
          <ParetoCard data={d} />
        ))}
        {block(pyramid, (d) => (
          <PyramidCard data={d} pick={pick} />
        ))}
        {block(rfm, (d) => (
          <RfmCard data={d} pick={pick} />
        ))}
        {block(kaism, (d) => (
          <KaismCard data={d} />
        ))}
      </div>
      <div style={{ marginTop: 16 }}>
        {block(ka, (d) => (
          <KeyAccountsCard data={d} pick={pick} params={params} />
        ))}
      </div>
      <Drawer
        open={!!picked}
        onClose={() => setPicked(null)}
        title={`${picked?.title ?? ""}(${picked?.loading ? "…" : (picked?.customers.length ?? 0)})`}
        size={420}
        data-testid="kc-drawer"
      >
        <List
          size="small"
          loading={picked?.loading}
          dataSource={picked?.customers ?? []}
          pagination={(picked?.customers.length ?? 0) > 20 ? { pageSize: 20, size: "small" } : false}
          renderItem={(c) => (
            <List.Item extra={<span className="jd-muted">{c.detail}</span>}>
              <Link to={`/customers/${c.customerId}`}>{c.name}</Link>
            </List.Item>
          )}
        />
      </Drawer>
    </div>
  );
}

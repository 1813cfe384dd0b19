/** The filter dimensions shared by the board, the lists and the reports, kept in the URL so a view can be shared. */
import { Select, Space } from "antd";
import { useSearchParams } from "react-router";
import { useTeams, useUsers } from "../api/hooks";
import { useUser } from "../auth";
import { useI18n } from "../i18n";
import { ProductSelect } from "./ProductSelect";

export const SOURCES = ["cold_visit", "follow_up", "penetration", "cultivation", "inbound"] as const;
export const TIERS = [
  "abc:A",
  "abc:B",
  "abc:C",
  "pyramid:top",
  "pyramid:large",
  "pyramid:medium",
  "pyramid:small",
  "priority:high",
  "priority:medium",
  "priority:low",
];
export type FilterKey = "owner" | "team" | "source" | "tier" | "product";

/** Reads and writes the filter params of the current URL. */
export function useFilters(keys: readonly string[] = ["owner", "team", "source", "tier", "product"]) {
  const [params, setParams] = useSearchParams();
  const values: Record<string, string | undefined> = {};
  for (const k of keys) values[k] = params.get(k) ?? undefined;
  const set = (k: string, v: string | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === null || v === "") next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };
  return { values, set, params };
}

export function FilterBar({ show = ["owner", "team", "source", "tier"] }: { show?: FilterKey[] }) {
  const { t } = useI18n();
  const user = useUser();
  const users = useUsers();
  const teams = useTeams();
  const { values, set } = useFilters();
  const tierLabel = (k: string) => {
    const [scheme, tier] = k.split(":");
    return scheme === "priority" ? `${t("cust.priority")} ${t(`prio.${tier}` as "prio.high")}` : `${scheme.toUpperCase()} ${tier}`;
  };
  return (
    <Space wrap size="small" role="group" aria-label={t("common.filters")}>
      {show.includes("owner") && user.role !== "rep" && (
        <Select
          allowClear
          placeholder={t("common.owner")}
          style={{ width: 140 }}
          value={values.owner}
          onChange={(v) => set("owner", v)}
          aria-label={t("common.owner")}
          showSearch={{ optionFilterProp: "label" }}
          loading={users.isLoading}
          options={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
          data-testid="filter-owner"
        />
      )}
      {show.includes("team") && user.role === "admin" && (
        <Select
          allowClear
          placeholder={t("common.team")}
          style={{ width: 130 }}
          value={values.team}
          onChange={(v) => set("team", v)}
          aria-label={t("common.team")}
          options={(teams.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
        />
      )}
      {show.includes("source") && (
        <Select
          allowClear
          placeholder={t("common.source")}
          style={{ width: 120 }}
          value={values.source}
          onChange={(v) => set("source", v)}
          aria-label={t("common.source")}
          options={SOURCES.map((s) => ({ value: s, label: t(`src.${s}`) }))}
        />
      )}
      {show.includes("tier") && (
        <Select
          allowClear
          placeholder={t("common.tier")}
          style={{ width: 130 }}
          value={values.tier}
          onChange={(v) => set("tier", v)}
          aria-label={t("common.tier")}
          options={TIERS.map((k) => ({ value: k, label: tierLabel(k) }))}
        />
      )}
      {show.includes("product") && (
        <ProductSelect
          allowClear
          placeholder={t("prod.product")}
          style={{ width: 160 }}
          value={values.product ? Number(values.product) : undefined}
          onChange={(v) => set("product", v == null ? null : String(v))}
          testId="filter-product"
        />
      )}
    </Space>
  );
}

/** A list filter on one custom select, multi-select or yes/no field, kept in the URL as `cf.<key>=<option>` (the API's list filter). */
import { Select, Space } from "antd";
import { useSearchParams } from "react-router";
import { useI18n } from "../../i18n";
import { type FieldEntity, useCustomFields } from "./fields-api";

/** The `cf.<key>` parameters of the page URL, to pass on to the list request. */
export function useCustomFilterParams(): Record<string, string> {
  const [params] = useSearchParams();
  return Object.fromEntries([...params].filter(([k, v]) => k.startsWith("cf.") && v));
}

/** The same filter as a report or export takes it (`custom=key:value`), when exactly one is set. */
export function customParam(cf: Record<string, string>): string | undefined {
  const e = Object.entries(cf);
  return e.length === 1 ? `${e[0][0].slice(3)}:${e[0][1]}` : undefined;
}

export function CustomFilter({ entity }: { entity: FieldEntity }) {
  const { t, L } = useI18n();
  const [params, setParams] = useSearchParams();
  const fields = (useCustomFields(entity).data ?? []).filter((f) => f.active && (f.type === "select" || f.type === "multi_select" || f.type === "bool"));
  if (!fields.length) return null;
  const current = [...params].find(([k]) => k.startsWith("cf."));
  const key = current?.[0].slice(3);
  const field = fields.find((f) => f.key === key) ?? null;
  const set = (k: string | undefined, v: string | undefined) => {
    const next = new URLSearchParams(params);
    for (const p of [...next.keys()]) if (p.startsWith("cf.")) next.delete(p);
    if (k && v) next.set(`cf.${k}`, v);
    setParams(next, { replace: true });
  };
  const options =
    field?.type === "bool"
      ? [
          { value: "true", label: t("fields.yes") },
          { value: "false", label: t("fields.no") },
        ]
      : (field?.options ?? []).map((o) => ({ value: o.key, label: L(o, "label") }));
  return (
    <Space.Compact>
      <Select
        allowClear
        placeholder={t("fields.custom")}
        style={{ width: 120 }}
        value={field?.key}
        aria-label={t("fields.custom")}
        data-testid="custom-filter-field"
        options={fields.map((f) => ({ value: f.key, label: L(f, "label") }))}
        onChange={(k) => set(k, undefined)}
      />
      {field && (
        <Select
          allowClear
          style={{ width: 120 }}
          value={current?.[1] || undefined}
          options={options}
          data-testid="custom-filter-value"
          aria-label={L(field, "label")}
          onChange={(v) => set(field.key, v)}
        />
      )}
    </Space.Compact>
  );
}

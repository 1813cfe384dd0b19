/** An entity's custom values as Descriptions items of a detail page or table columns (labels in the reader's language, money in ¥ 万). */
import { Tag } from "antd";
import type { ReactNode } from "react";
import { useUsers } from "../../api/hooks";
import { day, money } from "../../format";
import { useI18n } from "../../i18n";
import { type CustomField, type CustomValue, type CustomValues, customOf, type FieldEntity, useCustomFields } from "./fields-api";

/** The active fields of an entity and how one of their values reads. */
function useCustomRender(entity: FieldEntity) {
  const { t, L, locale } = useI18n();
  const users = useUsers();
  const fields = (useCustomFields(entity).data ?? []).filter((f) => f.active);
  const option = (f: CustomField, k: string) => {
    const o = f.options.find((x) => x.key === k);
    return o ? L(o, "label") : k;
  };
  const show = (f: CustomField, v: CustomValue): ReactNode => {
    if (v == null || (Array.isArray(v) && !v.length) || v === "") return "—";
    switch (f.type) {
      case "money":
        return money(Number(v), locale);
      case "date":
        return day(String(v));
      case "bool":
        return v ? t("fields.yes") : t("fields.no");
      case "select":
        return option(f, String(v));
      case "multi_select":
        return (v as string[]).map((k) => <Tag key={k}>{option(f, k)}</Tag>);
      case "user":
        return users.data?.find((u) => u.id === Number(v))?.name ?? `#${v}`;
      case "number":
        return Number(v).toLocaleString(locale);
      default:
        return String(v);
    }
  };
  return { fields, show, label: (f: CustomField) => L(f, "label") };
}

export function useCustomItems(entity: FieldEntity, values: CustomValues): Array<{ key: string; label: string; children: ReactNode }> {
  const r = useCustomRender(entity);
  return r.fields.map((f) => ({
    key: `custom-${f.key}`,
    label: r.label(f),
    children: <span data-testid={`custom-view-${f.key}`}>{r.show(f, values[f.key] ?? null)}</span>,
  }));
}

/** Table columns, one per active field, reading each row's `custom`. */
export function useCustomColumns<T>(entity: FieldEntity): Array<{ key: string; title: string; render: (_: unknown, row: T) => ReactNode }> {
  const r = useCustomRender(entity);
  return r.fields.map((f) => ({ key: `custom-${f.key}`, title: r.label(f), render: (_: unknown, row: T) => r.show(f, customOf(row)[f.key] ?? null) }));
}

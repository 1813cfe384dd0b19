/** An entity's custom values as Descriptions items of a detail page (labels in the reader's language, money in ¥ 万). */
import { Tag } from "antd";
import type { ReactNode } from "react";
import { useUsers } from "../../api/hooks";
import { day, money } from "../../format";
import { useI18n } from "../../i18n";
import { type CustomField, type CustomValue, type CustomValues, type FieldEntity, useCustomFields } from "./fields-api";

export function useCustomItems(entity: FieldEntity, values: CustomValues): Array<{ key: string; label: string; children: ReactNode }> {
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
      case "money": return money(Number(v), locale);
      case "date": return day(String(v));
      case "bool": return v ? t("fields.yes") : t("fields.no");
      case "select": return option(f, String(v));
      case "multi_select": return (v as string[]).map((k) => <Tag key={k}>{option(f, k)}</Tag>);
      case "user": return users.data?.find((u) => u.id === Number(v))?.name ?? `#${v}`;
      case "number": return Number(v).toLocaleString(locale);
      default: return String(v);
    }
  };
  return fields.map((f) => ({ key: `custom-${f.key}`, label: L(f, "label"), children: <span data-testid={`custom-view-${f.key}`}>{show(f, values[f.key] ?? null)}</span> }));
}

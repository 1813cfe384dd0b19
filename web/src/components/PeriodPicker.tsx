/** A period (month, quarter or year) as the report key the API takes: "2026-11", "2026-Q4", "2026". */
import { DatePicker, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useI18n } from "../i18n";

export type PeriodKind = "month" | "quarter" | "year";

export function periodKey(d: Dayjs, kind: PeriodKind): string {
  if (kind === "year") return d.format("YYYY");
  if (kind === "quarter") return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
  return d.format("YYYY-MM");
}

export function parsePeriod(key: string | undefined): { kind: PeriodKind; date: Dayjs } {
  if (!key) return { kind: "quarter", date: dayjs() };
  const q = key.match(/^(\d{4})-Q([1-4])$/);
  if (q) return { kind: "quarter", date: dayjs(`${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, "0")}-01`) };
  if (/^\d{4}$/.test(key)) return { kind: "year", date: dayjs(`${key}-01-01`) };
  return { kind: "month", date: dayjs(`${key}-01`) };
}

export function PeriodPicker({ value, onChange }: { value?: string; onChange(key: string): void }) {
  const { locale, t } = useI18n();
  const { kind, date } = parsePeriod(value);
  const labels = locale === "en" ? { month: "Month", quarter: "Quarter", year: "Year" } : { month: "月", quarter: "季度", year: "年" };
  return (
    <Space.Compact>
      <Select
        value={kind}
        style={{ width: 100 }}
        onChange={(k: PeriodKind) => onChange(periodKey(date, k))}
        aria-label={t("common.periodKind")}
        options={(["month", "quarter", "year"] as const).map((k) => ({ value: k, label: labels[k] }))}
      />
      <DatePicker
        picker={kind}
        value={date}
        allowClear={false}
        onChange={(d) => d && onChange(periodKey(d, kind))}
        style={{ width: 130 }}
        aria-label={t("common.period")}
      />
    </Space.Compact>
  );
}

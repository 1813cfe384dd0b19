/** The editable customer fields, their inputs and how coded values read. */
import { Input, Select, Tag } from "antd";
import type { ReactNode } from "react";
import type { MessageKey, Translate } from "../../i18n";
import { usePipelines } from "../../api/hooks";
import { useI18n } from "../../i18n";

export const DECISION_ROLES = ["decision_maker", "influencer", "user", "technical", "procurement", "coach"] as const;
const opts = (t: Translate, prefix: string, keys: readonly string[]) =>
  keys.map((k) => ({ value: k, label: t(`${prefix}.${k}` as MessageKey) === `${prefix}.${k}` ? k : t(`${prefix}.${k}` as MessageKey) }));

export const CUSTOMER_FIELDS: Array<{ key: string; label: MessageKey; input(t: Translate): ReactNode }> = [
  { key: "creditCode", label: "cust.creditCode", input: () => <Input maxLength={18} /> },
  { key: "industry", label: "cust.industry", input: () => <Input /> },
  { key: "region", label: "cust.region", input: () => <Input /> },
  { key: "sizeBand", label: "cust.sizeBand", input: (t) => <Select allowClear options={opts(t, "size", ["large", "medium", "small"])} /> },
  { key: "channel", label: "cust.channel", input: (t) => <Select allowClear options={opts(t, "channel", ["direct", "distributor", "partner", "online"])} /> },
  { key: "creditRating", label: "cust.creditRating", input: () => <Select allowClear options={["A", "B", "C", "D"].map((v) => ({ value: v, label: v }))} /> },
  { key: "prospectRating", label: "cust.prospectRating", input: (t) => <Select allowClear options={opts(t, "prio", ["high", "medium", "low"])} /> },
  { key: "lifecycleStage", label: "cust.lifecycle", input: () => <LifecycleSelect /> },
  { key: "priority", label: "cust.priority", input: (t) => <Select allowClear options={opts(t, "prio", ["high", "medium", "low"])} /> },
  { key: "nextFollowUpDate", label: "cust.nextFollowUp", input: () => <Input placeholder="YYYY-MM-DD" /> },
  { key: "notes", label: "cust.notes", input: () => <Input.TextArea rows={2} /> },
];

export function PriorityTag({ p }: { p: string | null | undefined }) {
  const { t } = useI18n();
  if (!p) return <>—</>;
  const color = p === "high" ? "red" : p === "medium" ? "orange" : "default";
  const label = t(`prio.${p}` as MessageKey);
  return <Tag color={color}>{label === `prio.${p}` ? p : label}</Tag>;
}

/** The stages of the customer lifecycle pipeline — the only values the server accepts for a lifecycle stage. */
function LifecycleSelect(props: { value?: string | null; onChange?: (v: string | null) => void }) {
  const { L } = useI18n();
  const pipelines = usePipelines();
  const stages = pipelines.data?.filter((p) => p.kind === "customer").flatMap((p) => p.stages) ?? [];
  return (
    <Select
      allowClear
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      options={stages.map((s) => ({ value: s.key, label: L(s, "name") }))}
    />
  );
}

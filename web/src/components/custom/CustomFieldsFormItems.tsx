/** The form items of an entity's active custom fields, named ["custom", key], each with the input its type needs. */
import { Input, InputNumber, Select, Switch } from "antd";
import { Form } from "antd";
import { useUsers } from "../../api/hooks";
import { useI18n } from "../../i18n";
import { type CustomField, type FieldEntity, useCustomFields } from "./fields-api";

export function CustomFieldsFormItems({ entity }: { entity: FieldEntity }) {
  const { t, L } = useI18n();
  const fields = (useCustomFields(entity).data ?? []).filter((f) => f.active);
  return (
    <>
      {fields.map((f) => (
        <Form.Item
          key={f.key}
          name={["custom", f.key]}
          label={L(f, "label")}
          valuePropName={f.type === "bool" ? "checked" : "value"}
          rules={f.required && f.type !== "bool" ? [{ required: true, message: t("fields.requiredValue", { label: L(f, "label") }) }] : []}
        >
          <CustomInput field={f} />
        </Form.Item>
      ))}
    </>
  );
}

interface InputProps {
  field: CustomField;
  value?: unknown;
  checked?: boolean;
  onChange?: (v: unknown) => void;
}

/** One custom value's input; money is typed in yuan and kept in fen. */
function CustomInput({ field: f, value, checked, onChange }: InputProps) {
  const { L } = useI18n();
  const users = useUsers();
  const testId = `custom-${f.key}`;
  const options = f.options.map((o) => ({ value: o.key, label: L(o, "label") }));
  switch (f.type) {
    case "long_text":
      return <Input.TextArea rows={2} value={(value as string) ?? ""} onChange={(e) => onChange?.(e.target.value)} data-testid={testId} />;
    case "number":
      return <InputNumber style={{ width: "100%" }} value={value as number | null} onChange={(v) => onChange?.(v ?? null)} data-testid={testId} />;
    case "money":
      return (
        <InputNumber
          style={{ width: "100%" }}
          prefix="¥"
          value={value == null ? null : Number(value) / 100}
          onChange={(v) => onChange?.(v == null ? null : Math.round(Number(v) * 100))}
          data-testid={testId}
        />
      );
    case "date":
      return <Input type="date" value={(value as string) ?? ""} onChange={(e) => onChange?.(e.target.value || null)} data-testid={testId} />;
    case "select":
      return <Select allowClear value={value ?? undefined} options={options} onChange={(v) => onChange?.(v ?? null)} data-testid={testId} />;
    case "multi_select":
      return <Select mode="multiple" allowClear value={(value as string[]) ?? []} options={options} onChange={(v) => onChange?.(v)} data-testid={testId} />;
    case "user":
      return (
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={value ?? undefined}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          onChange={(v) => onChange?.(v ?? null)}
          data-testid={testId}
        />
      );
    case "bool":
      return <Switch checked={!!checked} onChange={(v) => onChange?.(v)} data-testid={testId} />;
    default:
      return <Input value={(value as string) ?? ""} maxLength={500} onChange={(e) => onChange?.(e.target.value)} data-testid={testId} />;
  }
}

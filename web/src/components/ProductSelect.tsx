/** A searchable picker of active catalogue products ("code name"). */
import { Select } from "antd";
import type { CSSProperties } from "react";
import { useActiveProducts } from "../api/products";

export function ProductSelect({
  value,
  onChange,
  placeholder,
  style,
  testId,
  allowClear,
}: {
  value?: number;
  onChange: (id: number | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
  allowClear?: boolean;
}) {
  const products = useActiveProducts();
  return (
    <Select
      allowClear={allowClear}
      placeholder={placeholder}
      aria-label={placeholder}
      style={style}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      showSearch={{ optionFilterProp: "label" }}
      loading={products.isLoading}
      data-testid={testId}
      options={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
    />
  );
}

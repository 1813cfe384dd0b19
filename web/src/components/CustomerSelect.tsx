/** A searchable customer picker (GET /customers?q=). */
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useState } from "react";
import { api } from "../api/client";
import type { Customer, Page } from "../api/types";

export function CustomerSelect({ value, onChange, id }: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const [q, setQ] = useState("");
  const res = useQuery({ queryKey: ["customers", "pick", q], queryFn: () => api.get<Page<Customer>>("/customers", { q, limit: 30 }) });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={res.isFetching}
      options={(res.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
      placeholder="…"
    />
  );
}

/** Custom field definitions as the server gives them (GET /fields), and the values a record carries in `custom`. */
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export type FieldEntity = "customer" | "contact" | "opportunity" | "activity";
export const FIELD_ENTITIES: FieldEntity[] = ["customer", "contact", "opportunity", "activity"];
export type FieldType = "text" | "long_text" | "number" | "money" | "date" | "select" | "multi_select" | "user" | "bool";
export const FIELD_TYPES: FieldType[] = ["text", "long_text", "number", "money", "date", "select", "multi_select", "user", "bool"];
export interface FieldOption {
  key: string;
  labelZh: string;
  labelEn: string;
}
export interface CustomField {
  id: number;
  entity: FieldEntity;
  key: string;
  labelZh: string;
  labelEn: string;
  type: FieldType;
  required: boolean;
  options: FieldOption[];
  active: boolean;
  position: number;
  version: number;
}
export type CustomValue = string | number | boolean | string[] | null;
export type CustomValues = Record<string, CustomValue>;

/** Every field of an entity (inactive ones too: the settings page shows them). */
export function useCustomFields(entity?: FieldEntity) {
  return useQuery({
    queryKey: ["fields", entity ?? "all"],
    staleTime: 60_000,
    meta: { silent: true },
    queryFn: () => api.get<{ items: CustomField[] }>("/fields", entity ? { entity } : {}).then((r) => r.items),
  });
}

/** The `custom` object of a record (absent on answers of servers without custom fields). */
export const customOf = (record: unknown): CustomValues => (record as { custom?: CustomValues } | null)?.custom ?? {};

/** Form values → the `custom` body: a cleared input (undefined or "") is sent as null, so it clears the stored value. */
export function customPayload(v: unknown): CustomValues | undefined {
  if (!v || typeof v !== "object") return undefined;
  const out = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === undefined || x === "" ? null : (x as CustomValue)]));
  return Object.keys(out).length ? out : undefined;
}

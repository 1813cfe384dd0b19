/**
 * A saved import mapping — the format `--mapping file.json` reads and the web wizard saves: which file column
 * feeds which field(s), constants/defaults and derived titles (`set`), and value maps (`values`). Pure.
 */
import { z } from "zod";
import { normaliseHeader } from "./headers";

export const MappingSchema = z
  .object({
    kind: z.string().optional(),
    /** file header (or 1-based column number) → one or more canonical columns; "-" ignores the column */
    columns: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
    /** canonical column → a constant, or a template such as "{account} – {product}", used where the row has no value */
    set: z.record(z.string(), z.string()).default({}),
    /** canonical column → { value in the file → value stored } (e.g. stage names, Won/Lost, "Walk-in" → inbound) */
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .strict();

export type ImportMapping = z.infer<typeof MappingSchema>;

export const emptyMapping = (): ImportMapping => ({ columns: {}, set: {}, values: {} });

/** Reads a mapping from JSON text; a message naming the problem when it is not one. */
export function parseMapping(text: string): ImportMapping | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  const r = MappingSchema.safeParse(raw);
  if (!r.success) return { error: r.error.issues.map((i) => `${i.path.join(".") || "mapping"}: ${i.message}`).join("; ") };
  return r.data;
}

/** Adds one column → field pair (a column may feed several fields). */
export function addColumn(m: ImportMapping, from: string, to: string): void {
  const prev = m.columns[from];
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [prev];
  if (!list.includes(to)) list.push(to);
  m.columns[from] = list.length === 1 ? list[0] : list;
}

/** `--map "account=customer_external_id,account=customer_name"` → columns (every pair kept). */
export function mapPairs(s: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of s.split(/[,，;；]/)) {
    const i = part.lastIndexOf("=");
    if (i <= 0) continue;
    out.push([part.slice(0, i).trim(), part.slice(i + 1).trim()]);
  }
  return out;
}

/** `--set field=value` (split at the first "="). */
export function setPair(s: string): [string, string] | null {
  const i = s.indexOf("=");
  if (i <= 0) return null;
  return [normaliseHeader(s.slice(0, i)).base, s.slice(i + 1)];
}

/** `--value "stage:Prospecting=lead"` → a value-map entry. */
export function valuePair(s: string): [string, string, string] | null {
  const m = s.match(/^([^:=]+):(.+)=(.*)$/);
  return m ? [normaliseHeader(m[1]).base, m[2].trim(), m[3].trim()] : null;
}

/** Combines the saved mapping with command-line pairs (the command line wins). */
export function mergeMapping(
  base: ImportMapping | undefined,
  extra: { map?: Array<[string, string]>; set?: Array<[string, string]>; values?: Array<[string, string, string]> },
): ImportMapping {
  const m: ImportMapping = base ? { ...base, columns: { ...base.columns }, set: { ...base.set }, values: { ...base.values } } : emptyMapping();
  const fromCli = new Set<string>();
  for (const [from, to] of extra.map ?? []) {
    if (!fromCli.has(from)) {
      delete m.columns[from];
      fromCli.add(from);
    }
    addColumn(m, from, to);
  }
  for (const [k, v] of extra.set ?? []) m.set[k] = v;
  for (const [k, from, to] of extra.values ?? []) m.values[k] = { ...(m.values[k] ?? {}), [from]: to };
  return m;
}

/** Fills "{account} – {product}" from the row; `cell(name)` gives the text of a file column or field. */
export function fillTemplate(t: string, cell: (name: string) => string | null): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = t.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const v = cell(name.trim());
    if (v == null || v === "") {
      missing.push(name.trim());
      return "";
    }
    return v;
  });
  return {
    text: text
      .replace(/\s+/g, " ")
      .replace(/^[\s–—\-:|/]+|[\s–—\-:|/]+$/g, "")
      .trim(),
    missing,
  };
}

export const isTemplate = (s: string) => /\{[^{}]+\}/.test(s);

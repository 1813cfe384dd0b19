/**
 * Matching a file's header row to the canonical columns of a kind: by canonical name, by alias (客户名称 …),
 * or by the user's mapping ("原列名=canonical" or, for files without a header, "3=ordered_at"). Pure.
 */
import type { KindSpec } from "./kinds";

/** One line of the error report. `row` is the spreadsheet row number (the header is row 1). */
export interface RowError {
  row: number;
  column: string | null;
  reason: string;
}

export interface ResolvedColumns {
  /** canonical column → index of the cell in each row */
  index: Map<string, number>;
  /** amount columns whose header says the figures are in 万 (e.g. "金额(万元)") */
  wan: Set<string>;
  errors: RowError[];
  warnings: RowError[];
  /** canonical column → constant or template used where the row has no value */
  set: Map<string, string>;
  /** canonical column → folded file value → stored value */
  values: Map<string, Map<string, string>>;
  /** header key → index (for template placeholders) */
  headerKeys: Map<string, number>;
}

/** "  Customer External ID* " → "customer_external_id"; "金额（万元）" → "金额" with hint "万元". */
export function normaliseHeader(h: string): { base: string; hint: string } {
  let s = h
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/\*+$/, "")
    .trim();
  let hint = "";
  const m = s.match(/^(.*?)\s*[([]([^)\]]*)[)\]]\s*$/);
  if (m && m[1]) {
    s = m[1];
    hint = m[2];
  }
  return { base: s.replace(/[\s\-.]+/g, "_"), hint };
}

/** Parses "原列名=canonical, 3=ordered_at" into pairs; a canonical "-" ignores the column. (Last pair wins; see mapping.ts for several.) */
export function parseMapOption(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(/[,，;；]/)) {
    const i = part.lastIndexOf("=");
    if (i <= 0) continue;
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** The key headers are compared by: case, width, spaces, dashes and underscores do not matter. */
export const headerKey = (h: string): string => normaliseHeader(h).base.replace(/_/g, "");

/** What the user said about the file: column → field(s), constants/templates per field, value maps per field. */
export interface ColumnMapping {
  columns?: Record<string, string | string[]>;
  set?: Record<string, string>;
  values?: Record<string, Record<string, string>>;
}

/**
 * Resolves the columns. `header` is null for a file without a header row (then the map must name columns by
 * their 1-based position). Header problems are reported on row 1 (row 0 when there is no header). `map` is
 * either the old { header: column } form or a ColumnMapping.
 */
export function resolveHeaders(
  spec: KindSpec,
  header: readonly string[] | null,
  width: number,
  map: Record<string, string> | ColumnMapping = {},
): ResolvedColumns {
  const m: ColumnMapping = isColumnMapping(map) ? map : { columns: map as Record<string, string> };
  const headerRow = header ? 1 : 0;
  const index = new Map<string, number>();
  const wan = new Set<string>();
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const known = new Set(spec.columns.map((c) => c.name));
  const canonical = (to: string) => {
    const k = headerKey(to);
    return spec.columns.find((c) => headerKey(c.name) === k)?.name;
  };

  const byName = new Map<string, string>();
  for (const c of spec.columns) {
    byName.set(headerKey(c.name), c.name);
    for (const a of c.aliases) if (!byName.has(headerKey(a))) byName.set(headerKey(a), c.name);
  }
  const mapped = new Map<string, string[]>();
  for (const [from, toRaw] of Object.entries(m.columns ?? {})) {
    const targets: string[] = [];
    for (const to of Array.isArray(toRaw) ? toRaw : [toRaw]) {
      if (to === "-" || to === "") {
        targets.push("-");
        continue;
      }
      const target = canonical(to);
      if (!target) {
        errors.push({ row: headerRow, column: to, reason: `--map: "${to}" is not a column of ${spec.kind} (columns: ${[...known].join(", ")})` });
        continue;
      }
      targets.push(target);
    }
    mapped.set(/^\d+$/.test(from.trim()) ? `#${Number(from)}` : headerKey(from), targets);
  }
  const set = new Map<string, string>();
  for (const [field, value] of Object.entries(m.set ?? {})) {
    const target = canonical(field);
    if (!target)
      errors.push({ row: headerRow, column: field, reason: `--set: "${field}" is not a column of ${spec.kind} (columns: ${[...known].join(", ")})` });
    else set.set(target, value);
  }
  const values = new Map<string, Map<string, string>>();
  for (const [field, vm] of Object.entries(m.values ?? {})) {
    const target = canonical(field);
    if (!target) errors.push({ row: headerRow, column: field, reason: `value map: "${field}" is not a column of ${spec.kind}` });
    else values.set(target, new Map(Object.entries(vm).map(([k, v]) => [foldCell(k), v])));
  }

  const count = header ? header.length : width;
  const headerKeys = new Map<string, number>();
  const from = new Map<string, string>();
  const labels: string[] = [];
  const explicit: Array<string[] | undefined> = [];
  for (let i = 0; i < count; i++) {
    const raw = header ? String(header[i] ?? "") : "";
    const key = header ? headerKey(raw) : "";
    if (key && !headerKeys.has(key)) headerKeys.set(key, i);
    labels.push(header ? raw.trim() || `#${i + 1}` : `#${i + 1}`);
    explicit.push(mapped.get(`#${i + 1}`) ?? (key ? mapped.get(key) : undefined));
  }
  const take = (target: string, i: number, isExplicit: boolean) => {
    const prev = from.get(target);
    if (prev !== undefined) {
      if (isExplicit) errors.push({ row: headerRow, column: labels[i], reason: `two columns map to ${target} (also ${prev})` });
      else warnings.push({ row: headerRow, column: labels[i], reason: `column ignored: ${target} already comes from column ${prev}` });
      return;
    }
    from.set(target, labels[i]);
    index.set(target, i);
    const hint = header ? normaliseHeader(String(header[i] ?? "")).hint : "";
    if (hint.includes("万")) wan.add(target);
  };
  // Explicit mappings first, so an alias never takes a field the user gave to another column.
  for (let i = 0; i < count; i++) for (const t of explicit[i] ?? []) if (t !== "-") take(t, i, true);
  for (let i = 0; i < count; i++) {
    if (explicit[i]) continue;
    const raw = header ? String(header[i] ?? "") : "";
    const target = header ? byName.get(headerKey(raw)) : undefined;
    if (!target) {
      if (raw.trim() || !header) warnings.push({ row: headerRow, column: labels[i], reason: "column ignored: not a known column (use --map to map it)" });
      continue;
    }
    take(target, i, false);
  }
  for (const c of spec.columns) {
    if (c.required && !index.has(c.name) && !set.has(c.name)) {
      errors.push({
        row: headerRow,
        column: c.name,
        reason: `missing required column (accepted headers: ${[c.name, ...c.aliases].join(", ")}; or --set ${c.name}=…)`,
      });
    }
  }
  return { index, wan, errors, warnings, set, values, headerKeys };
}

function isColumnMapping(m: Record<string, string> | ColumnMapping): m is ColumnMapping {
  const keys = Object.keys(m);
  const r = m as Record<string, unknown>;
  return (
    keys.length > 0 && keys.every((k) => ["columns", "set", "values", "kind"].includes(k)) && ["columns", "set", "values"].some((k) => typeof r[k] === "object")
  );
}

/** Value-map keys and cells are compared folded: case, width and surrounding space do not matter. */
export const foldCell = (s: string) => s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");

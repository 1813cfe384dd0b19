/**
 * Matching a file's header row to the canonical columns of a kind: by canonical name, by alias (客户名称 …),
 * or by the user's mapping ("原列名=canonical" or, for files without a header, "3=ordered_at"). Pure.
 */
import type { KindSpec } from "./kinds";

/** One line of the error report. `row` is the spreadsheet row number (the header is row 1). */
export interface RowError { row: number; column: string | null; reason: string }

export interface ResolvedColumns {
  /** canonical column → index of the cell in each row */
  index: Map<string, number>;
  /** amount columns whose header says the figures are in 万 (e.g. "金额(万元)") */
  wan: Set<string>;
  errors: RowError[];
  warnings: RowError[];
}

/** "  Customer External ID* " → "customer_external_id"; "金额（万元）" → "金额" with hint "万元". */
export function normaliseHeader(h: string): { base: string; hint: string } {
  let s = h.normalize("NFKC").replace(/^\uFEFF/, "").trim().toLowerCase().replace(/\*+$/, "").trim();
  let hint = "";
  const m = s.match(/^(.*?)\s*[([]([^)\]]*)[)\]]\s*$/);
  if (m && m[1]) { s = m[1]; hint = m[2]; }
  return { base: s.replace(/[\s\-.]+/g, "_"), hint };
}

/** Parses "原列名=canonical, 3=ordered_at" into pairs; a canonical "-" ignores the column. */
export function parseMapOption(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(/[,，;；]/)) {
    const i = part.lastIndexOf("=");
    if (i <= 0) continue;
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/**
 * Resolves the columns. `header` is null for a file without a header row (then the map must name columns by
 * their 1-based position). Header problems are reported on row 1 (row 0 when there is no header).
 */
export function resolveHeaders(spec: KindSpec, header: readonly string[] | null, width: number, map: Record<string, string> = {}): ResolvedColumns {
  const headerRow = header ? 1 : 0;
  const index = new Map<string, number>();
  const wan = new Set<string>();
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const known = new Set(spec.columns.map((c) => c.name));

  const byName = new Map<string, string>();
  for (const c of spec.columns) {
    byName.set(c.name, c.name);
    for (const a of c.aliases) if (!byName.has(normaliseHeader(a).base)) byName.set(normaliseHeader(a).base, c.name);
  }
  const mapped = new Map<string, string>();
  for (const [from, to] of Object.entries(map)) {
    const target = to === "-" || to === "" ? "-" : normaliseHeader(to).base;
    if (target !== "-" && !known.has(target)) {
      errors.push({ row: headerRow, column: to, reason: `--map: "${to}" is not a column of ${spec.kind} (columns: ${[...known].join(", ")})` });
      continue;
    }
    mapped.set(/^\d+$/.test(from.trim()) ? `#${Number(from)}` : normaliseHeader(from).base, target);
  }

  const count = header ? header.length : width;
  for (let i = 0; i < count; i++) {
    const raw = header ? String(header[i] ?? "") : "";
    const { base, hint } = header ? normaliseHeader(raw) : { base: "", hint: "" };
    const target = mapped.get(`#${i + 1}`) ?? (base ? mapped.get(base) ?? byName.get(base) : undefined);
    const label = header ? raw.trim() || `#${i + 1}` : `#${i + 1}`;
    if (!target || target === "-") {
      if (target !== "-" && (raw.trim() || !header)) warnings.push({ row: headerRow, column: label, reason: "column ignored: not a known column (use --map to map it)" });
      continue;
    }
    if (index.has(target)) {
      errors.push({ row: headerRow, column: label, reason: `two columns map to ${target}` });
      continue;
    }
    index.set(target, i);
    if (hint.includes("万")) wan.add(target);
  }
  for (const c of spec.columns) {
    if (c.required && !index.has(c.name)) {
      errors.push({ row: headerRow, column: c.name, reason: `missing required column (accepted headers: ${[c.name, ...c.aliases].join(", ")})` });
    }
  }
  return { index, wan, errors, warnings };
}

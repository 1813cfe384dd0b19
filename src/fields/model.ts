/**
 * Custom fields, pure: the types, how a value given through the API or a file cell is checked and stored (as the
 * text / number / long-text cells of custom_values), how stored cells read back, and which type changes convert.
 */
import { isIsoDate } from "../core/dates";
import { AppError } from "../core/errors";
import { parseAmountToFen } from "../core/money";

export const FIELD_ENTITIES = ["customer", "contact", "opportunity", "activity"] as const;
export type FieldEntity = (typeof FIELD_ENTITIES)[number];
export const FIELD_TYPES = ["text", "long_text", "number", "money", "date", "select", "multi_select", "user", "bool"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  key: string;
  labelZh: string;
  labelEn: string;
}
export interface FieldDef {
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
/** A value as the API shows it: text, number (money in fen, a user's id), YYYY-MM-DD, option key(s), yes/no. */
export type CustomValue = string | number | boolean | string[] | null;
/** One stored row of a value (a multi select stores one per option, seq 0, 1, …). */
export interface StoredCell {
  seq: number;
  text: string | null;
  num: number | null;
  long: string | null;
}

export const TEXT_MAX = 500;
export const LONG_TEXT_MAX = 5000;
export const MULTI_MAX = 50;
export const MONEY_MAX_FEN = 1e15;

/** The custom_values column a type is stored and filtered in. */
export const columnOf = (t: FieldType): "text" | "num" | "long" =>
  t === "long_text" ? "long" : t === "number" || t === "money" || t === "user" || t === "bool" ? "num" : "text";

const fold = (s: string) => s.normalize("NFKC").trim().toLowerCase();

/** The option a person named by key or by its Chinese or English label (case and width do not matter). */
export function findOption(field: Pick<FieldDef, "options">, s: string): FieldOption | undefined {
  const f = fold(s);
  return field.options.find((o) => fold(o.key) === f) ?? field.options.find((o) => fold(o.labelZh) === f || fold(o.labelEn) === f);
}

type Check = { cells: StoredCell[] } | { reason: string; rule: string };
const one = (text: string | null, num: number | null, long: string | null = null): Check => ({ cells: [{ seq: 0, text, num, long }] });
const bad = (rule: string, reason: string): Check => ({ reason, rule });

/**
 * Checks a value given through the API (JSON types; a select also by label) and gives its stored cells; null, "" or
 * [] clear the value. `users` holds the ids a user field may name.
 */
export function checkValue(field: FieldDef, raw: unknown, users: ReadonlySet<number>): Check {
  if (raw == null || raw === "" || (Array.isArray(raw) && raw.length === 0)) return field.required ? bad("custom_required", "is required") : { cells: [] };
  switch (field.type) {
    case "text":
    case "long_text": {
      if (typeof raw !== "string") return bad("custom_text", "must be text");
      const max = field.type === "text" ? TEXT_MAX : LONG_TEXT_MAX;
      const s = field.type === "text" ? raw.trim() : raw;
      if (s.length > max) return bad("custom_too_long", `must be at most ${max} characters`);
      if (!s.trim()) return field.required ? bad("custom_required", "is required") : { cells: [] };
      return field.type === "text" ? one(s, null) : one(null, null, s);
    }
    case "number":
      if (typeof raw !== "number" || !Number.isFinite(raw)) return bad("custom_number", "must be a number");
      return one(null, raw);
    case "money":
      if (typeof raw !== "number" || !Number.isInteger(raw) || Math.abs(raw) > MONEY_MAX_FEN) return bad("custom_money", "must be a whole number of fen (分)");
      return one(null, raw);
    case "date":
      if (typeof raw !== "string" || !isIsoDate(raw)) return bad("custom_date", "must be a real date as YYYY-MM-DD");
      return one(raw, null);
    case "bool":
      if (typeof raw !== "boolean") return bad("custom_bool", "must be true or false");
      return one(null, raw ? 1 : 0);
    case "user":
      if (typeof raw !== "number" || !Number.isInteger(raw) || !users.has(raw)) return bad("custom_user", "must be the id of a user");
      return one(null, raw);
    case "select": {
      const o = typeof raw === "string" ? findOption(field, raw) : undefined;
      if (!o) return bad("custom_option", `must be one of ${field.options.map((x) => x.key).join(", ")}`);
      return one(o.key, null);
    }
    case "multi_select": {
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length > MULTI_MAX) return bad("custom_too_many", `at most ${MULTI_MAX} options`);
      const keys: string[] = [];
      for (const v of list) {
        const o = typeof v === "string" ? findOption(field, v) : undefined;
        if (!o) return bad("custom_option", `${JSON.stringify(v)} is not an option (${field.options.map((x) => x.key).join(", ")})`);
        if (!keys.includes(o.key)) keys.push(o.key);
      }
      return { cells: keys.map((k, seq) => ({ seq, text: k, num: null, long: null })) };
    }
  }
}

/** The value stored cells read back as (null when there are none). */
export function valueOf(field: Pick<FieldDef, "type">, cells: readonly StoredCell[]): CustomValue {
  if (!cells.length) return field.type === "multi_select" ? [] : null;
  const c = cells[0];
  switch (field.type) {
    case "multi_select":
      return [...cells].sort((a, b) => a.seq - b.seq).map((x) => x.text ?? "");
    case "long_text":
      return c.long;
    case "number":
    case "money":
    case "user":
      return c.num == null ? null : Number(c.num);
    case "bool":
      return c.num == null ? null : Number(c.num) === 1;
    default:
      return c.text;
  }
}

/**
 * The custom values of one write checked against the entity's active fields: unknown keys, bad values and (on
 * create) required fields left out are a 400 naming `custom.<key>`, so nothing is written. Gives field id → cells.
 */
export function checkCustom(
  fields: readonly FieldDef[],
  input: Record<string, unknown> | undefined,
  mode: "create" | "update",
  users: ReadonlySet<number>,
): Map<number, StoredCell[]> {
  const out = new Map<number, StoredCell[]>();
  const given = input ?? {};
  for (const key of Object.keys(given)) {
    const f = fields.find((x) => x.key === key && x.active);
    if (!f)
      throw new AppError("INVALID", `custom.${key}: not an active custom field of ${fields[0]?.entity ?? "this record"}`, `custom.${key}`, undefined, {
        rule: "custom_unknown",
        key,
      });
  }
  for (const f of fields) {
    if (!f.active) continue;
    if (!(f.key in given)) {
      if (mode === "create" && f.required) throw fieldError(f, "custom_required", "is required");
      continue;
    }
    const r = checkValue(f, given[f.key], users);
    if ("reason" in r) throw fieldError(f, r.rule, r.reason);
    out.set(f.id, r.cells);
  }
  return out;
}

const fieldError = (f: FieldDef, rule: string, reason: string) =>
  new AppError("INVALID", `custom.${f.key} (${f.labelEn}) ${reason}`, `custom.${f.key}`, undefined, { rule, key: f.key, label: f.labelZh });

const YES = new Set(["1", "yes", "y", "true", "是", "有", "对", "√", "✓"]);
const NO = new Set(["0", "no", "n", "false", "否", "无", "不", "×", "✗"]);

/** How a user cell in a file is resolved (e-mail, name or external id), or why it is not. */
export type FindUser = (cell: string) => { id: number } | { error: string };

/**
 * A file cell (or a value's text) as the value the API would take: money in yuan ("1,200.50", "3万") becomes fen,
 * yes/no in Chinese or English, a multi select split on commas, semicolons or 、, a user by e-mail or name.
 */
export function parseCellText(field: FieldDef, text: string, findUser: FindUser): { value: CustomValue } | { error: string } {
  const s = text.trim();
  if (!s) return { value: null };
  switch (field.type) {
    case "text":
    case "long_text":
    case "date":
    case "select":
      return { value: field.type === "long_text" ? text : s };
    case "number": {
      const n = Number(s.replace(/[,，\s]/g, ""));
      return Number.isFinite(n) ? { value: n } : { error: `${s} is not a number` };
    }
    case "money": {
      const fen = parseAmountToFen(s);
      return fen == null ? { error: `${s} is not an amount` } : { value: fen };
    }
    case "bool": {
      const f = fold(s);
      return YES.has(f) ? { value: true } : NO.has(f) ? { value: false } : { error: `${s} is not yes or no (是/否)` };
    }
    case "multi_select":
      return {
        value: s
          .split(/[,，;；、|]/)
          .map((x) => x.trim())
          .filter(Boolean),
      };
    case "user": {
      const u = findUser(s);
      return "error" in u ? { error: u.error } : { value: u.id };
    }
  }
}

/** A value as one spreadsheet cell or text: money in yuan, yes/no, options joined by ", ", a user by e-mail. */
export function valueText(field: Pick<FieldDef, "type">, v: CustomValue, email: (id: number) => string | undefined): string | number | null {
  if (v == null || (Array.isArray(v) && !v.length)) return null;
  switch (field.type) {
    case "multi_select":
      return (v as string[]).join(", ");
    case "money":
      return Number(v) / 100;
    case "number":
      return Number(v);
    case "bool":
      return v ? "yes" : "no";
    case "user":
      return email(Number(v)) ?? String(v);
    default:
      return String(v);
  }
}

/**
 * A stored value under another type, or undefined when it does not convert: the value is written as text and read
 * back as the new type would read a file cell (so "12" becomes the number 12, 12.5 becomes ¥12.50, a select key a
 * one-option multi select; "abc" never becomes a number, two options never one).
 */
export function convertValue(
  from: FieldDef,
  to: FieldDef,
  v: CustomValue,
  email: (id: number) => string | undefined,
  findUser: FindUser,
): CustomValue | undefined {
  const text = valueText(from, v, email);
  if (text == null) return null;
  const parsed = parseCellText(to, String(text), findUser);
  if ("error" in parsed) return undefined;
  const r = checkValue({ ...to, required: false }, parsed.value, new Set(typeof parsed.value === "number" ? [parsed.value] : []));
  if ("reason" in r) return undefined;
  return valueOf(to, r.cells);
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** Checks a field's definition: key, labels, options (select types need at least one; keys unique). */
export function checkDefinition(d: { key: string; labelZh: string; labelEn: string; type: FieldType; options: FieldOption[] }): void {
  if (!KEY.test(d.key))
    throw new AppError("INVALID", "key must be lower-case letters, digits and _ (starting with a letter, at most 40)", "key", undefined, { rule: "field_key" });
  if (!d.labelZh.trim() || !d.labelEn.trim()) throw new AppError("INVALID", "labelZh and labelEn are required", d.labelZh.trim() ? "labelEn" : "labelZh");
  const selects = d.type === "select" || d.type === "multi_select";
  if (selects && d.options.length === 0)
    throw new AppError("INVALID", "a select field needs at least one option", "options", undefined, { rule: "field_options" });
  if (!selects && d.options.length) throw new AppError("INVALID", "only select fields have options", "options", undefined, { rule: "field_no_options" });
  const seen = new Set<string>();
  d.options.forEach((o, i) => {
    if (!KEY.test(o.key) && !/^[\p{L}\p{N}_-]{1,40}$/u.test(o.key))
      throw new AppError("INVALID", `options.${i}.key must be 1–40 letters, digits, _ or -`, `options.${i}.key`);
    if (seen.has(fold(o.key)))
      throw new AppError("INVALID", `options.${i}.key ${o.key} is used twice`, `options.${i}.key`, undefined, { rule: "field_option_twice" });
    seen.add(fold(o.key));
  });
}

/**
 * Parsing one cell of a CSV or XLSX file into the value stored: text, calendar dates, timestamps in the
 * organisation's zone, amounts in fen (元 / 万), counts, enumerations, tags, credit codes. Pure.
 */
import { parseAmountToFen } from "../core/money";
import { isValidCreditCode, normaliseCreditCode } from "../customers/normalise";
import type { ColumnType } from "./kinds";
import { isRealDate, localToMs } from "./local-time";

/** A cell as the readers give it: CSV gives strings; XLSX also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null | undefined;

/** A value that could not be parsed, with the reason shown in the error report. */
export class Bad {
  constructor(readonly reason: string) {}
}

export type Value = string | number | string[] | null;

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
// Excel's day 0 is 1899-12-30 (it counts 1900 as a leap year; serials after February 1900 line up).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export const isEmpty = (c: Cell): boolean => c == null || (typeof c === "string" && c.trim() === "");

/** Excel serial day number (with a fraction for the time of day) → wall-clock parts. */
function excelSerialParts(n: number) {
  const t = new Date(EXCEL_EPOCH + Math.round(n * 86_400_000));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() };
}

/** exceljs gives date cells as Date objects whose UTC fields are the wall clock shown in Excel. */
const dateParts = (t: Date) => ({
  y: t.getUTCFullYear(),
  m: t.getUTCMonth() + 1,
  d: t.getUTCDate(),
  h: t.getUTCHours(),
  mi: t.getUTCMinutes(),
  s: t.getUTCSeconds(),
});

const DATE_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const TS_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** "2026-06-15", "2026/6/15", "2026年6月15日", "20260615", an Excel date cell or serial → "YYYY-MM-DD". */
export function parseDate(c: Cell): string | Bad {
  if (c instanceof Date) {
    const p = dateParts(c);
    return ymd(p.y, p.m, p.d);
  }
  if (typeof c === "number") {
    if (Number.isInteger(c) && c >= 10_000_101 && c <= 99_991_231) return parseDate(String(c));
    if (c > 0 && c < 2_958_466) {
      const p = excelSerialParts(c);
      return ymd(p.y, p.m, p.d);
    }
    return new Bad(`not a date: ${c}`);
  }
  const s = String(c)
    .trim()
    .replace(/[T\s]+0{1,2}:00(:00(\.0+)?)?$/, "");
  const m = s.match(DATE_RE) ?? s.match(COMPACT_RE);
  if (!m) return new Bad(`not a date: "${s}" (use YYYY-MM-DD or YYYY/MM/DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return new Bad(`no such date: "${s}"`);
  return ymd(y, mo, d);
}

/** ISO 8601 with or without an offset (none = the organisation's zone), a date alone (its start), an Excel date/time → epoch ms. */
export function parseTimestamp(c: Cell, tz: string): number | Bad {
  if (c instanceof Date) {
    const p = dateParts(c);
    return localToMs(tz, p.y, p.m, p.d, p.h, p.mi, p.s);
  }
  if (typeof c === "number") {
    if (Number.isInteger(c) && c >= 10_000_101 && c <= 99_991_231) return parseTimestamp(String(c), tz);
    if (c > 0 && c < 2_958_466) {
      const p = excelSerialParts(c);
      return localToMs(tz, p.y, p.m, p.d, p.h, p.mi, p.s);
    }
    return new Bad(`not a date or time: ${c}`);
  }
  const s = String(c).trim();
  // Many rows share a date: remember what each date-only cell meant (per zone).
  const memo = s.length <= 10 ? dateMemo(tz) : null;
  const known = memo?.get(s);
  if (known !== undefined) return known;
  const t = parseTimestampText(s, tz);
  if (memo && typeof t === "number") {
    if (memo.size > 100_000) memo.clear();
    memo.set(s, t);
  }
  return t;
}

const memos = new Map<string, Map<string, number>>();
function dateMemo(tz: string): Map<string, number> {
  let m = memos.get(tz);
  if (!m) {
    m = new Map();
    memos.set(tz, m);
  }
  return m;
}

function parseTimestampText(s: string, tz: string): number | Bad {
  const m = s.match(TS_RE);
  if (!m) {
    const d = parseDate(s);
    if (d instanceof Bad) return new Bad(`not a date or time: "${s}" (use ISO 8601, e.g. 2026-06-15T10:30 or 2026-06-15)`);
    const [y, mo, day] = d.split("-").map(Number);
    return localToMs(tz, y, mo, day);
  }
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const ms = m[7] ? Number(m[7].padEnd(3, "0")) : 0;
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return new Bad(`no such date or time: "${s}"`);
  const zone = m[8];
  if (!zone) return localToMs(tz, y, mo, d, h, mi, sec, ms);
  const utc = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (zone.toUpperCase() === "Z") return utc;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  // real offsets run from −12:00 to +14:00, in whole minutes below 60
  if (om > 59 || oh > 14) return new Bad(`no such UTC offset: "${zone}" in "${s}"`);
  return utc - sign * (oh * 60 + om) * 60_000;
}

const PLAIN_AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;

/** "30000", "3万", "¥1,200.50", "1200元", a number cell → fen; `wan` when the header said 万元. */
export function parseAmount(c: Cell, wan = false, signed = false): number | Bad {
  // Fast path for the common "1234" / "1234.5" / "1234.56" (no BigInt, no regex chain).
  if (!wan && typeof c === "string" && PLAIN_AMOUNT.test(c)) {
    const dot = c.indexOf(".");
    if (dot < 0) return Number(c) * 100;
    const frac = c.slice(dot + 1);
    return Number(c.slice(0, dot)) * 100 + Number(frac.length === 1 ? frac + "0" : frac);
  }
  let fen: number | null;
  if (typeof c === "number") fen = parseAmountToFen(wan ? c * 10_000 : c);
  else {
    const s = String(c).trim();
    fen = parseAmountToFen(wan && /^-?[\d.,，\s]+$/.test(s) ? `${s}万` : s);
  }
  if (fen === null) return new Bad(`not an amount: "${String(c).trim()}" (e.g. 30000, 3万, ¥1,200.50)`);
  if (fen < 0 && !signed) return new Bad("amount must not be negative");
  return fen;
}

/** "10", "10%", "12.5 %", "10％" → 1000 basis points; a number cell of at most 1 is an Excel percent cell (0.1 = 10 %). */
export function parsePercent(c: Cell): number | Bad {
  let pct: number;
  if (typeof c === "number") pct = Math.abs(c) <= 1 ? c * 100 : c;
  else {
    const s = String(c).trim().replace(/\s+/g, "").replace("％", "%");
    if (!/^\d{1,3}(\.\d{1,2})?%?$/.test(s)) return new Bad(`not a percentage: "${String(c).trim()}" (e.g. 10, 10%, 12.5%)`);
    pct = Number(s.replace("%", ""));
  }
  const bp = Math.round(pct * 100);
  if (!(bp >= 0 && bp <= 10_000)) return new Bad(`a percentage is between 0 and 100: "${String(c).trim()}"`);
  return bp;
}

export function parseInt0(c: Cell, min: number): number | Bad {
  const s =
    typeof c === "number"
      ? String(c)
      : String(c)
          .trim()
          .replace(/[,，]/g, "")
          .replace(/\s*(台|个|件|套|张|units?)$/i, "");
  if (!/^-?\d+(\.0+)?$/.test(s)) return new Bad(`not a whole number: "${String(c).trim()}"`);
  const n = Number.parseInt(s, 10);
  if (n < min) return new Bad(`must be at least ${min}`);
  return n;
}

function parseText(c: Cell, max: number): string | Bad {
  const s = c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim();
  if (s.length > max) return new Bad(`too long: ${s.length} characters (at most ${max})`);
  return s;
}

/** Splits "大客户, 华东；重点" into tags. */
export function parseTags(c: Cell): string[] | Bad {
  const tags = [
    ...new Set(
      String(c)
        .split(/[,，;；|、]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (tags.length > 30) return new Bad("at most 30 tags");
  const long = tags.find((t) => t.length > 40);
  if (long) return new Bad(`tag too long: "${long}" (at most 40 characters)`);
  return tags;
}

/** Parses a non-empty cell by column type. Empty cells are the caller's business (null or "required"). */
export function parseCell(c: Cell, type: ColumnType, tz: string, wan = false): Value | Bad {
  switch (type.t) {
    case "text":
      return parseText(c, type.max);
    case "date":
      return parseDate(c);
    case "timestamp":
      return parseTimestamp(c, tz);
    case "amount":
      return parseAmount(c, wan, type.signed);
    case "percent":
      return parsePercent(c);
    case "int":
      return parseInt0(c, type.min);
    case "enum": {
      const s = String(c).trim();
      const v = type.values[s.toLowerCase()];
      if (v !== undefined) return v;
      return new Bad(`"${s}" is not one of: ${[...new Set(Object.values(type.values))].join(", ")}`);
    }
    case "email": {
      const s = String(c).trim().toLowerCase();
      return /^[^\s@]+@[^\s@]+$/.test(s) ? s : new Bad(`not an email address: "${s}"`);
    }
    case "tags":
      return parseTags(c);
    case "credit_code": {
      const s = normaliseCreditCode(String(c));
      return isValidCreditCode(s) ? s : new Bad(`"${s}" is not a valid 18-character unified social credit code (统一社会信用代码)`);
    }
  }
}

/** How numbers, money and dates read on screen: ¥ with 万 in Chinese, compact K/M in English. */
import dayjs from "dayjs";
import { currencySymbol, formatMoney, formatWan, formatYuan } from "../../src/core/money";
import type { Locale } from "./api/types";

export { formatYuan };

/** The organisation's currency (jindou init / first-run page); CNY reads with 万, others with their symbol and no 万. */
let currency = "CNY";
export const setCurrency = (code: string | null | undefined) => {
  if (code) currency = code;
};
export const currentCurrency = () => currency;

/** ¥300万 (zh) or ¥3M (en); exact yuan below 1万. Other currencies: $3,000,000 (zh) or $3M (en), never 万. */
export function money(fen: number | null | undefined, locale: Locale | string = "zh-CN", digits = 1): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return "—";
  const sym = currencySymbol(currency);
  if (locale === "en") {
    const y = fen / 100;
    const abs = Math.abs(y);
    if (abs >= 1e9) return `${sym}${trim((y / 1e9).toFixed(2))}B`;
    if (abs >= 1e6) return `${sym}${trim((y / 1e6).toFixed(2))}M`;
    if (abs >= 1e4) return `${sym}${trim((y / 1e3).toFixed(digits))}K`;
    return currency === "CNY" ? formatYuan(fen) : formatMoney(fen, currency);
  }
  return currency === "CNY" ? formatWan(fen, digits) : formatMoney(fen, currency);
}

const trim = (s: string) => s.replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1");

export const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : `${trim((x * 100).toFixed(digits))}%`;

/** Probability stored either as 0–100 or 0–1; shown as a percentage. */
export const prob = (p: number | null | undefined) =>
  p === null || p === undefined ? "—" : `${Math.round(p <= 1 && p > 0 && !Number.isInteger(p) ? p * 100 : p)}%`;

/** One formatter per number of digits: `toLocaleString` with options builds a new Intl.NumberFormat on every call,
 * which showed in the funnel dashboard's CPU profile (its tables format hundreds of numbers). */
const numberFormats = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = numberFormats.get(digits);
  if (!f) numberFormats.set(digits, (f = new Intl.NumberFormat("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f;
}

export const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? "—" : numberFormat(digits).format(n));

export const day = (t: number | string | null | undefined) => (t === null || t === undefined || t === "" ? "—" : dayjs(t).format("YYYY-MM-DD"));
export const dateTime = (t: number | string | null | undefined) => (t === null || t === undefined || t === "" ? "—" : dayjs(t).format("YYYY-MM-DD HH:mm"));

/** yuan typed in a form (may be "3万") → fen */
export function yuanToFen(v: number | string | null | undefined): number {
  if (v === null || v === undefined || v === "") return 0;
  if (typeof v === "number") return Math.round(v * 100);
  const s = v.trim().replace(/[,，\s¥￥元]/g, "");
  if (s.endsWith("万")) return Math.round(Number(s.slice(0, -1)) * 1_000_000);
  return Math.round(Number(s) * 100);
}

/** Escapes a cell for a CSV line. */
export const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Money is integer fen (分) everywhere; these convert to and from what people type and read. */

/** Parses "30000", "3万", "3.5 万元", "¥1,200.50", "1200元" into fen. Returns null when it is not an amount. */
export function parseAmountToFen(input: string | number): number | null {
  if (typeof input === "number") return Number.isFinite(input) ? Math.round(input * 100) : null;
  let s = input
    .trim()
    .replace(/[,，\s]/g, "")
    .replace(/^[¥￥]/, "")
    .replace(/(元|RMB|CNY)$/i, "");
  let factor = 1;
  if (/万$/.test(s)) {
    factor = 10_000;
    s = s.slice(0, -1);
  } else if (/亿$/.test(s)) {
    factor = 100_000_000;
    s = s.slice(0, -1);
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  // Scale in decimal steps so 3.35万 is exactly 3350000 fen, not 3349999.99.
  const [int, frac = ""] = s.replace("-", "").split(".");
  const sign = s.startsWith("-") ? -1 : 1;
  const digits = BigInt(int + frac) * BigInt(factor) * 100n;
  const scaled = digits / 10n ** BigInt(frac.length);
  return sign * Number(scaled);
}

export const yuan = (fen: number) => fen / 100;

/** "¥1,234.50" — exact yuan with thousands separators. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  const y = Math.floor(abs / 100).toLocaleString("en-US");
  const f = abs % 100;
  return `${sign}¥${y}${f ? "." + String(f).padStart(2, "0") : ""}`;
}

/** "¥300万" / "¥1.25亿" / "¥8,000": the way Chinese sales managers read amounts. */
export function formatWan(fen: number, digits = 1): string {
  const y = fen / 100;
  const abs = Math.abs(y);
  if (abs >= 100_000_000) return `¥${trim((y / 100_000_000).toFixed(2))}亿`;
  if (abs >= 10_000) return `¥${trim((y / 10_000).toFixed(digits))}万`;
  return formatYuan(fen);
}

const trim = (s: string) => s.replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1");

/** Currencies an organisation may keep its books in; only CNY is read with 万 / 亿. */
export const CURRENCIES = [
  { code: "CNY", symbol: "¥" },
  { code: "USD", symbol: "$" },
  { code: "EUR", symbol: "€" },
  { code: "GBP", symbol: "£" },
  { code: "HKD", symbol: "HK$" },
  { code: "JPY", symbol: "JP¥" },
  { code: "SGD", symbol: "S$" },
  { code: "TWD", symbol: "NT$" },
  { code: "AUD", symbol: "A$" },
  { code: "CAD", symbol: "C$" },
] as const;

export const currencySymbol = (code: string): string => CURRENCIES.find((c) => c.code === code)?.symbol ?? `${code} `;

/** An amount as people of the currency read it: CNY "¥828.2万"; others "$8,282,000" (symbol, separators, no 万). */
export function formatMoney(fen: number, currency = "CNY", digits = 1): string {
  if (currency === "CNY") return formatWan(fen, digits);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  const cents = abs % 100;
  return `${sign}${currencySymbol(currency)}${whole}${cents ? "." + String(cents).padStart(2, "0") : ""}`;
}

/**
 * A money cell of a CLI report: shown as "¥828.2万" in a table, written as the number of yuan (8282000) in CSV
 * and JSON, so scripts read numbers.
 */
export class MoneyCell {
  constructor(readonly fen: number) {}
  get yuan(): number {
    return this.fen / 100;
  }
  toString(): string {
    return formatWan(this.fen);
  }
  toJSON(): number {
    return this.fen / 100;
  }
}

export const moneyCell = (fen: number | null | undefined): MoneyCell | null => (fen == null ? null : new MoneyCell(fen));

/** Stored values → what an export cell shows, in the form the import reads back: yuan, local ISO times, tag lists. Pure. */
import { zonedParts } from "../core/dates";

/** 3000000 fen → "30000"; 120050 → "1200.5". */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen == null) return "";
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  const cents = abs % 100;
  return `${sign}${Math.floor(abs / 100)}${cents ? "." + String(cents).padStart(2, "0").replace(/0$/, "") : ""}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Epoch ms → "2026-06-15T10:00:00+08:00" in the zone (milliseconds only when there are some). */
export function isoLocal(ms: number | null | undefined, tz: string): string {
  if (ms == null) return "";
  const p = zonedParts(ms, tz);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const frac = ((ms % 1000) + 1000) % 1000;
  const offset = Math.round((wall + frac - ms) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${frac ? "." + pad(frac, 3) : ""}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

export function tagsCell(json: string | null): string {
  if (!json) return "";
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String).join(", ") : "";
  } catch (e) {
    throw new Error(`tags are not valid JSON: ${JSON.stringify(json.slice(0, 80))}`, { cause: e });
  }
}

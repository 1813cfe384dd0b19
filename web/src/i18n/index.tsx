/** The language of the app: zh-CN by default, English on request, remembered per user (PATCH /auth/me). */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { Locale } from "../api/types";
import { en } from "./en";
import { type MessageKey, zh } from "./zh";

export type { MessageKey };
const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zh, en };
const STORAGE_KEY = "jindou.locale";

export const normaliseLocale = (l: string | null | undefined): Locale => (l && l.toLowerCase().startsWith("en") ? "en" : "zh-CN");

export function storedLocale(): Locale {
  try {
    return normaliseLocale(localStorage.getItem(STORAGE_KEY));
  } catch {
    return "zh-CN";
  }
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t: Translate;
  /** picks the zh or en variant of a bilingual record: L(stage, "name") reads nameZh / nameEn */
  L(o: object | null | undefined, base: string): string;
}

const Ctx = createContext<I18n | null>(null);

export function makeT(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, vars) => {
    let s: string = dict[key] ?? zh[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(initial ?? storedLocale());
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode */
    }
    document.documentElement.lang = l;
  }, []);
  const value = useMemo<I18n>(() => {
    const t = makeT(locale);
    const L = (o: object | null | undefined, base: string) => {
      if (!o) return "";
      const r = o as Record<string, unknown>;
      const zhV = r[base + "Zh"],
        enV = r[base + "En"];
      const v = locale === "en" ? enV || zhV : zhV || enV;
      return v === undefined || v === null ? String(r[base] ?? "") : String(v);
    };
    return { locale, setLocale, t, L };
  }, [locale, setLocale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}

/** Translates a coded value ("src.cold_visit") and falls back to the raw code when the dictionary has none. */
export function useCode() {
  const { t } = useI18n();
  return (prefix: string, code: string | null | undefined) => {
    if (!code) return "—";
    const key = `${prefix}.${code}` as MessageKey;
    const s = t(key);
    return s === key ? code : s;
  };
}

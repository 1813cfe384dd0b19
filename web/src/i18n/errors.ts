/**
 * Server errors in the user's language: the code (and params.rule) pick the sentence, params fill it, the field is
 * named in words. Unknown codes fall back to a generic sentence plus the code, never to the English message.
 */
import type { Locale } from "../api/types";
import { errorsEn, fieldsEn } from "./errors.en";
import { errorsZh, fieldsZh } from "./errors.zh";

export interface CodedError {
  code: string;
  field?: string;
  params?: Record<string, unknown> | null;
  status?: number;
}

const tables = { "zh-CN": { errors: errorsZh, fields: fieldsZh }, en: { errors: errorsEn, fields: fieldsEn } } as const;

export function fieldLabel(locale: Locale, field: string | undefined): string {
  const f = tables[locale].fields;
  if (!field) return locale === "en" ? "This value" : "该项";
  const last = field.split(".").pop() ?? field;
  return f[field] ?? f[last] ?? (locale === "en" ? field : "该项");
}

export function describeError(locale: Locale, e: CodedError): string {
  const { errors } = tables[locale];
  const params = e.params ?? {};
  const rule = typeof params.rule === "string" ? params.rule : undefined;
  const text = (rule && errors[`${e.code}.${rule}`]) || errors[e.code];
  const fill = (s: string) =>
    s.replace(/\{(\w+)\}/g, (_m, k: string) => {
      if (k === "field") return fieldLabel(locale, e.field);
      const v = params[k];
      return v === undefined || v === null ? "" : String(v);
    });
  if (text) return fill(text);
  return `${errors.generic}(${e.code})`;
}

/** Any thrown value as a sentence in the locale: coded API errors translated, anything else generic. */
export function errorText(locale: Locale, e: unknown): string {
  if (e && typeof e === "object" && "code" in e && typeof (e as CodedError).code === "string") return describeError(locale, e as CodedError);
  return tables[locale].errors.generic;
}

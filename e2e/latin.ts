/** The zh-CN crawl's check: the Latin-letter words of a text outside the short allowed list (shared by the crawl and page tests). */
/** Words a Chinese sales team reads as they are. Case-sensitive: "Excel" yes, "excel" no. */
export const ALLOWED = new Set([
  "CRM",
  "ERP",
  "MES",
  "WMS",
  "OA",
  "IT",
  "SaaS",
  "API",
  "CSV",
  "XLSX",
  "Excel",
  "JSON",
  "English",
  "ABC",
  "RFM",
  "KAISM",
  "MAPE",
  "ID",
  "VIP",
  "KA",
  "CEO",
  "CFO",
  "CTO",
  "BG",
  "NBD",
  "kg",
  "km",
  "px",
  "Q1",
  "Q2",
  "Q3",
  "Q4",
  "PDF",
  "AUC",
]);

/** The Latin words of a text that are not allowed (emails, URLs and hex ids removed first). */
export function latinWords(text: string): string[] {
  const cleaned = text.replace(/\S+@\S+/g, " ").replace(/https?:\/\/\S+/g, " ");
  return (cleaned.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((w) => !ALLOWED.has(w) && !/^[A-Z]\d*$/.test(w) && !/^Q[1-4]$/.test(w));
}

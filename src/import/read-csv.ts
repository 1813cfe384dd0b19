/**
 * Streams the records of a CSV (or tab- / whitespace-separated) file with csv-parse. Row numbers count
 * records as a spreadsheet shows them (a quoted multi-line cell is one row); the header is row 1.
 */
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { restoreFormula } from "../export/formula";
import type { Cell } from "./cells";

export interface SourceRow { row: number; cells: Cell[] }

export type Delimiter = "," | ";" | "\t" | "|" | "whitespace";

export interface CsvOptions {
  delimiter?: Delimiter;
  /** "utf8" (default; a BOM is dropped) or "gbk" (CSV saved by Excel on Chinese Windows) */
  encoding?: "utf8" | "gbk";
}

function decoded(input: Readable, encoding: "utf8" | "gbk"): Readable {
  if (encoding === "utf8") return input;
  const decoder = new TextDecoder("gbk");
  return Readable.from((async function* () {
    for await (const chunk of input) yield decoder.decode(chunk as Buffer, { stream: true });
    const tail = decoder.decode();
    if (tail) yield tail;
  })());
}

export async function* readCsv(input: Readable, opts: CsvOptions = {}): AsyncGenerator<SourceRow> {
  const source = decoded(input, opts.encoding ?? "utf8");
  if (opts.delimiter === "whitespace") {
    let row = 0;
    for await (const line of createInterface({ input: source, crlfDelay: Infinity })) {
      row++;
      const t = (row === 1 ? line.replace(/^\uFEFF/, "") : line).trim();
      yield { row, cells: t ? t.split(/\s+/) : [] };
    }
    return;
  }
  const parser = source.pipe(parse({ bom: true, delimiter: opts.delimiter ?? ",", relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  let row = 0;
  // A leading apostrophe before = + - @ is the export's formula guard (src/export/formula.ts), not data.
  for await (const record of parser as AsyncIterable<string[]>) yield { row: ++row, cells: record.map(restoreFormula) };
}

/** Whether the first bytes of a file are valid UTF-8 (else it is most likely GBK from Chinese Excel). */
export function looksUtf8(head: Buffer): boolean {
  // The sample may end inside a multi-byte character: allow up to 3 bytes cut off at the end.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let cut = 0; cut <= Math.min(3, head.length); cut++) {
    try { decoder.decode(head.subarray(0, head.length - cut)); return true; } catch { /* try a shorter sample */ }
  }
  return false;
}

/** Guesses the delimiter from the header line: tab, semicolon, comma or whitespace (the CDNOW sample). */
export function sniffDelimiter(firstLine: string): Delimiter {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  if (count("\t") > 0 && count("\t") >= count(",")) return "\t";
  if (count(",") > 0) return ",";
  if (count(";") > 0) return ";";
  if (/\S\s+\S/.test(firstLine.trim())) return "whitespace";
  return ",";
}

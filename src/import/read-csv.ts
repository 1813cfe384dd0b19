/**
 * Streams the records of a CSV (or tab- / whitespace-separated) file with csv-parse. Row numbers count
 * records as a spreadsheet shows them (a quoted multi-line cell is one row); the header is row 1.
 */
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { restoreFormula } from "../export/formula";
import type { Cell } from "./cells";

export interface SourceRow {
  row: number;
  cells: Cell[];
}

export type Delimiter = "," | ";" | "\t" | "|" | "whitespace";

/** utf8 (a BOM is dropped), gb18030 (GBK's superset: CSV saved by Excel on Chinese Windows), utf16le/be (Excel's "Unicode text"). */
export type TextEncoding = "utf8" | "gbk" | "gb18030" | "utf16le" | "utf16be";
export const TEXT_ENCODINGS: readonly TextEncoding[] = ["utf8", "gbk", "gb18030", "utf16le", "utf16be"];

export interface CsvOptions {
  delimiter?: Delimiter;
  encoding?: TextEncoding;
}

const LABEL: Record<TextEncoding, string> = { utf8: "utf-8", gbk: "gb18030", gb18030: "gb18030", utf16le: "utf-16le", utf16be: "utf-16be" };

/** Decodes a whole buffer (a BOM is dropped). */
export const decodeText = (b: Uint8Array, encoding: TextEncoding): string => new TextDecoder(LABEL[encoding]).decode(b);

function decoded(input: Readable, encoding: TextEncoding): Readable {
  if (encoding === "utf8") return input;
  const decoder = new TextDecoder(LABEL[encoding]);
  return Readable.from(
    (async function* () {
      for await (const chunk of input) yield decoder.decode(chunk as Buffer, { stream: true });
      const tail = decoder.decode();
      if (tail) yield tail;
    })(),
  );
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

/** The encoding of a text file from its first bytes: a BOM, UTF-16 without one (zero bytes), valid UTF-8, else GB18030. */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf16be";
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf8";
  const n = Math.min(head.length, 4096) & ~1;
  let evenZero = 0,
    oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  if (n >= 4 && oddZero > n / 8 && evenZero === 0) return "utf16le";
  if (n >= 4 && evenZero > n / 8 && oddZero === 0) return "utf16be";
  return looksUtf8(Buffer.from(head.buffer, head.byteOffset, head.byteLength)) ? "utf8" : "gb18030";
}

/** Whether the first bytes of a file are valid UTF-8 (else it is most likely GBK from Chinese Excel). */
export function looksUtf8(head: Buffer): boolean {
  // The sample may end inside a multi-byte character: allow up to 3 bytes cut off at the end.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let cut = 0; cut <= Math.min(3, head.length); cut++) {
    try {
      decoder.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      /* try a shorter sample */
    }
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

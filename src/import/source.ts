/** Turns a file (path) or an uploaded body (Buffer) into rows: picks CSV or XLSX, the text encoding and the delimiter. */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { type Delimiter, decodeText, detectEncoding, readCsv, type SourceRow, sniffDelimiter, TEXT_ENCODINGS, type TextEncoding } from "./read-csv";
import { readXlsx } from "./read-xlsx";

export type FileFormat = "csv" | "xlsx";

export interface SourceOptions {
  format?: FileFormat;
  delimiter?: Delimiter;
  encoding?: TextEncoding;
}

/** "utf-8", "GBK", "utf16", "unicode" … → an encoding. */
export function parseEncoding(s: string | undefined): TextEncoding | undefined {
  if (!s) return undefined;
  const k = s.toLowerCase().replace(/[-_\s]/g, "");
  const alias: Record<string, TextEncoding> = {
    utf8: "utf8",
    utf8bom: "utf8",
    gbk: "gbk",
    gb2312: "gb18030",
    gb18030: "gb18030",
    cp936: "gb18030",
    utf16: "utf16le",
    utf16le: "utf16le",
    unicode: "utf16le",
    ucs2: "utf16le",
    utf16be: "utf16be",
  };
  const e = alias[k];
  if (!e) throw new Error(`unknown encoding "${s}" (use ${TEXT_ENCODINGS.join(", ")})`);
  return e;
}

export const isZip = (head: Buffer) => head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

/** "tab", "\t", "whitespace", ";" … → a delimiter. */
export function parseDelimiter(s: string | undefined): Delimiter | undefined {
  if (!s) return undefined;
  const map: Record<string, Delimiter> = {
    tab: "\t",
    "\\t": "\t",
    "\t": "\t",
    whitespace: "whitespace",
    space: "whitespace",
    ",": ",",
    comma: ",",
    ";": ";",
    semicolon: ";",
    "|": "|",
  };
  const d = map[s.toLowerCase()];
  if (!d) throw new Error(`unknown delimiter "${s}" (use comma, tab, semicolon, | or whitespace)`);
  return d;
}

function detect(head: Buffer, o: SourceOptions) {
  const format: FileFormat = o.format ?? (isZip(head) ? "xlsx" : "csv");
  const encoding = o.encoding ?? detectEncoding(head);
  const firstLine = decodeText(head, encoding).split(/\r?\n/)[0] ?? "";
  const delimiter = o.delimiter ?? sniffDelimiter(firstLine);
  return { format, encoding, delimiter } as const;
}

export type Detected = ReturnType<typeof detect>;
export const detectShape = detect;

export async function rowsFromFile(
  file: string,
  o: SourceOptions = {},
): Promise<{ rows: AsyncIterable<SourceRow>; format: FileFormat; estimatedRows: number | null }> {
  const fh = await open(file, "r");
  const head = Buffer.alloc(65_536);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  const { size } = await fh.stat();
  await fh.close();
  const d = detect(head.subarray(0, bytesRead), { ...o, format: o.format ?? (/\.xlsx$/i.test(file) ? "xlsx" : undefined) });
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  if (d.format === "xlsx") return { rows: readXlsx(stream), format: "xlsx", estimatedRows: null };
  // Lines in the first 64 KB, scaled to the file size: good enough for a progress bar.
  const lines = head.subarray(0, bytesRead).reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
  const estimatedRows = bytesRead === 0 ? 0 : Math.round((lines * size) / bytesRead);
  return { rows: readCsv(stream, { delimiter: d.delimiter, encoding: d.encoding }), format: "csv", estimatedRows };
}

export function rowsFromBuffer(body: Buffer, o: SourceOptions = {}): { rows: AsyncIterable<SourceRow>; format: FileFormat; estimatedRows: number | null } {
  const d = detect(body.subarray(0, 65_536), o);
  const stream = Readable.from([body]);
  if (d.format === "xlsx") return { rows: readXlsx(stream), format: "xlsx", estimatedRows: null };
  let lines = 0;
  for (let i = 0; i < body.length; i++) if (body[i] === 10) lines++;
  if (body.length && body[body.length - 1] !== 10) lines++;
  return { rows: readCsv(stream, { delimiter: d.delimiter, encoding: d.encoding }), format: "csv", estimatedRows: lines };
}

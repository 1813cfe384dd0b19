/**
 * Test helper: encodes text as GB18030/GBK the way Chinese Excel saves a CSV. Node can decode GB18030 but not
 * encode it, so the table is built by decoding every two-byte code once (independent of the import's decoder path).
 */
let table: Map<string, number[]> | null = null;

function gbTable(): Map<string, number[]> {
  if (table) return table;
  table = new Map();
  const d = new TextDecoder("gb18030", { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = d.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
      } catch {
        /* not a two-byte code */
      }
    }
  }
  return table;
}

export function encodeGb18030(text: string): Buffer {
  const t = gbTable();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    const b = t.get(ch);
    if (!b) throw new Error(`test encoder: no two-byte GB18030 code for ${ch}`);
    out.push(...b);
  }
  return Buffer.from(out);
}

/** Excel's "Unicode text": UTF-16 little-endian with a BOM, tab-separated, CRLF. */
export const encodeUtf16Tab = (rows: string[][]): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows.map((r) => r.join("\t")).join("\r\n") + "\r\n", "utf16le")]);

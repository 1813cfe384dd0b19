/**
 * CSV formula injection (OWASP "CSV Injection"): a cell that starts with = + - @ tab or carriage return is run as
 * a formula by Excel, WPS and LibreOffice. Such cells are written with a leading apostrophe (shown as text, not
 * part of the value) and the import drops it again, so an export still imports back unchanged. Plain numbers
 * ("-12.5") are left alone. Pure.
 */
const TRIGGER = /^'*[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function neutraliseFormula(cell: string): string {
  return TRIGGER.test(cell) && !NUMBER.test(cell) ? `'${cell}` : cell;
}

/** The inverse, applied to CSV cells on import: "'=A1" → "=A1", "''=A1" → "'=A1"; anything else unchanged. */
export function restoreFormula(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

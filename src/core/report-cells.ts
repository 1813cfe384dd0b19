/**
 * Report cells that read formatted in a CLI table ("42.5%", "0.731") and are plain numbers in CSV and JSON
 * (0.425, 0.731), like MoneyCell for money. Pure.
 */

/** A share or rate as a ratio (0.425); the table shows it in percent ("42.5%", or "1.5 pt" for a change in points). */
export class PercentCell {
  constructor(
    readonly ratio: number,
    readonly digits = 1,
    readonly suffix = "%",
  ) {}
  toString(): string {
    return `${(this.ratio * 100).toFixed(this.digits)}${this.suffix}`;
  }
  toJSON(): number {
    return this.ratio;
  }
}

/** A number the table rounds to `digits` decimals; CSV and JSON get it rounded the same way, as a number. */
export class NumberCell {
  constructor(
    readonly value: number,
    readonly digits: number,
  ) {}
  toString(): string {
    return this.value.toFixed(this.digits);
  }
  toJSON(): number {
    return Number(this.value.toFixed(this.digits));
  }
}

export const percentCell = (x: number | null | undefined, digits = 1): PercentCell | null =>
  x == null || !Number.isFinite(x) ? null : new PercentCell(x, digits);
export const pointsCell = (x: number | null | undefined): PercentCell | null => (x == null || !Number.isFinite(x) ? null : new PercentCell(x, 1, " pt"));
export const numberCell = (x: number | null | undefined, digits: number): NumberCell | null =>
  x == null || !Number.isFinite(x) ? null : new NumberCell(x, digits);

/**
 * An exact decimal (`units × 10^-scale` held in a bigint), so invoice totals never meet binary
 * floating point. Xero keeps money to 2 decimal places and unit amounts to up to 4.
 */
export class Decimal {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  /** Parses a JSON number or numeric string (`19.99`, `"1e-2"`, `-3`); throws RangeError otherwise. */
  static from(value: number | string): Decimal {
    const text = typeof value === 'number' ? numberText(value) : value.trim();
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
      throw new RangeError(`not a decimal number: ${String(value)}`);
    }
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    let digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '') || '0';
    let scale = fraction.length - Number(exponent);
    if (scale < 0) {
      digits += '0'.repeat(-scale);
      scale = 0;
    }
    const units = BigInt(digits);
    return new Decimal(sign === '-' ? -units : units, scale);
  }

  static fromUnits(units: bigint, scale: number): Decimal {
    return new Decimal(units, scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.at(scale) + other.at(scale), scale);
  }

  sub(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  negate(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  /** `this ÷ other` rounded half away from zero to `dp` places (Xero's rounding). */
  div(other: Decimal, dp: number): Decimal {
    if (other.units === 0n) throw new RangeError('division by zero');
    // this/other = (a·10^-s1)/(b·10^-s2); scale the numerator so the quotient has dp places.
    const shift = dp + other.scale - this.scale;
    let numerator = this.units;
    let denominator = other.units;
    if (shift >= 0) numerator *= 10n ** BigInt(shift);
    else denominator *= 10n ** BigInt(-shift);
    return new Decimal(divideRounded(numerator, denominator), dp);
  }

  /** Rounds half away from zero to `dp` places. */
  round(dp: number): Decimal {
    if (dp >= this.scale) return new Decimal(this.at(dp), dp);
    return new Decimal(divideRounded(this.units, 10n ** BigInt(this.scale - dp)), dp);
  }

  compare(other: Decimal): number {
    const scale = Math.max(this.scale, other.scale);
    const difference = this.at(scale) - other.at(scale);
    return difference === 0n ? 0 : difference < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** Decimal places actually used (`1.50` → 1). */
  significantScale(): number {
    let scale = this.scale;
    let units = this.units;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return scale;
  }

  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }

  /** The JSON number Xero answers with (exact for 2 and 4 decimal places). */
  toNumber(): number {
    return Number(this.toString());
  }

  private at(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }
}

function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // The shortest text that round-trips is the decimal the sender meant (19.99, not 19.98999…).
  return String(value);
}

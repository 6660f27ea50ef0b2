/** A `where` or `order` clause the simulator cannot parse or does not support (Xero's error 16). */
export class WhereQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WhereQueryError';
  }
}

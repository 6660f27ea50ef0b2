/** One record of a batch failed Xero's validation; the messages become its `ValidationErrors`. */
export class RecordValidationError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'RecordValidationError';
  }
}

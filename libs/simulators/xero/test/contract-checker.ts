import { outcome, SdkOutcome } from './in-process-xero';
import { XeroSpecValidator } from './xero-spec-validator';

/**
 * Runs an SDK call and validates Xero's raw answer against the operation's response schema in
 * xero_accounting.yaml; statuses the spec does not document (401, 404, 429) are checked by the
 * test itself. Remembers which operation/status pairs were exercised.
 */
export class ContractChecker {
  readonly checked = new Set<string>();

  constructor(private readonly validator = new XeroSpecValidator()) {}

  async call(
    method: string,
    template: string,
    sdkCall: Promise<{ response: { status: number; data: unknown; headers: unknown } }>,
  ): Promise<SdkOutcome> {
    const result = await outcome(sdkCall);
    if (this.validator.documents(method, template, result.status)) {
      const errors = this.validator.validate(method, template, result.status, result.body);
      if (errors.length > 0) {
        throw new Error(
          `${method} ${template} -> ${result.status} does not match xero_accounting.yaml:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(result.body).slice(0, 1500)}`,
        );
      }
    }
    this.checked.add(`${method} ${template} ${result.status}`);
    return result;
  }

  validateWebhook(body: unknown): string[] {
    return this.validator.validateWebhook(body);
  }
}

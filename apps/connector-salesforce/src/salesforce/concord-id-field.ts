import { AuthError } from '@concord/errors';

/** The external-id field that carries the catalog id (the same name as in the mappers). */
const FIELD = 'Concord_Id__c';

/** The code of the error an org without the field ends in (the connection needs attention). */
export const CONCORD_ID_FIELD_MISSING = 'CONCORD_ID_FIELD_MISSING';

/**
 * What the operator reads on the connection: the object lacking the field and how to add it.
 * `object` is null when Salesforce did not say which object it was.
 */
export function missingConcordIdReason(object: string | null): string {
  const where = object ?? 'the synced objects';
  const setup = object ? `Setup > Object Manager > ${object} > Fields & Relationships` : 'Setup';
  return (
    `the Salesforce org has no ${FIELD} field on ${where}: add it in ${setup} as a Text(255) ` +
    "custom field marked Unique and External ID, visible to the connected app's user; the " +
    'connection resumes once it exists'
  );
}

/**
 * The org lacks `Concord_Id__c` on `object`: an error of the auth category, so the kit pauses the
 * connection (messages wait, no attempt spent) and shows the reason, as for refused credentials.
 */
export function missingConcordIdError(object: string | null): AuthError {
  const reason = missingConcordIdReason(object);
  return new AuthError(CONCORD_ID_FIELD_MISSING, reason, {
    details: { attentionReason: reason, salesforceObject: object, field: FIELD },
  });
}

/**
 * The object an error entry says lacks `Concord_Id__c`, '' when it names none, or null when the
 * entry is about something else: `INVALID_FIELD` "No such column 'Concord_Id__c' on sobject of
 * type Account" (a write or a query), `NOT_FOUND` "Provided external ID field does not exist or is
 * not accessible: Concord_Id__c" (an upsert by it; the object is in the request path).
 */
export function objectMissingConcordId(entry: {
  errorCode: string;
  message: string;
}): string | null {
  if (entry.errorCode === 'INVALID_FIELD' && entry.message.includes(`'${FIELD}'`)) {
    return /(?:sobject of type |entity ')(\w+)/.exec(entry.message)?.[1] ?? '';
  }
  if (
    entry.errorCode === 'NOT_FOUND' &&
    /external ID field does not exist/i.test(entry.message) &&
    entry.message.includes(FIELD)
  ) {
    return '';
  }
  return null;
}

/** The sObject of an upsert-by-external-id path (`/sobjects/Account/Concord_Id__c/...`). */
export function upsertObjectOf(path: string): string | null {
  return new RegExp(`/sobjects/(\\w+)/${FIELD}(?:/|$|\\?)`).exec(path)?.[1] ?? null;
}

interface DescribeAnswer {
  fields?: Array<{ name?: string; externalId?: boolean }>;
}

/**
 * Whether the objects the connection syncs have `Concord_Id__c` as an external id, read by
 * describe: after Salesforce answered as if the field were missing (until it is there again), and
 * when the operator tests the connection. Nothing is described otherwise (every call spends the
 * org's daily allocation). A missing field throws `missingConcordIdError`.
 */
export class ConcordIdFieldCheck {
  private suspected = false;
  private missing: string | null = null;

  constructor(private readonly objects: readonly string[]) {}

  /** Whether the last answers said the field is missing (the probe checks until it is there). */
  get inDoubt(): boolean {
    return this.suspected;
  }

  /** Salesforce answered as if the field were missing (on `object`, when known): check again. */
  suspect(object: string | null): void {
    this.suspected = true;
    if (object && this.objects.includes(object)) this.missing = object;
  }

  async verify(describe: (object: string) => Promise<DescribeAnswer>): Promise<void> {
    // The object last found without the field first: while it still lacks it, one call a check.
    const order = this.missing
      ? [this.missing, ...this.objects.filter((o) => o !== this.missing)]
      : this.objects;
    for (const object of order) {
      const answer = await describe(object);
      const field = answer.fields?.find((candidate) => candidate.name === FIELD);
      if (!field?.externalId) {
        this.suspect(object);
        throw missingConcordIdError(object);
      }
    }
    this.missing = null;
    this.suspected = false;
  }
}

import type { DestinationStream } from 'pino';

import { SECRET_FIELDS } from './redact-paths';

export const REDACTED = '[REDACTED]';

/** Form and query parameters whose value is a credential (`refresh_token=...&grant_type=...`). */
const SECRET_FORM_PARAMS =
  'api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|password';
/** Query-string parameters whose value is a credential (`?api_key=...&token=...&code=...`). */
const SECRET_QUERY_PARAMS = `${SECRET_FORM_PARAMS}|key|token|secret|passwd|pwd|signature|sig|code|auth|authorization|session`;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Shapes of secrets that must never reach a log line, whatever field (or message) they sit in.
 * Character classes stop at quotes and backslashes, so masking serialised JSON keeps it valid.
 */
const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  // Stripe secret and restricted keys, webhook signing secrets.
  [/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, REDACTED],
  // Concord API keys, `<prefix>_<keyId: 12 base62>_<secret: 32+ base62>` whatever the prefix
  // (ck_live, ck_test, the demo's ck_demo, any prefix generateApiKey accepts), and any ck_* text.
  [/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*_[A-Za-z0-9]{12}_[A-Za-z0-9]{32,128}\b/g, REDACTED],
  [/\bck_[a-z0-9]+_[A-Za-z0-9_]+/g, REDACTED],
  // Salesforce access tokens (`<org id>!<token>`).
  [/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, REDACTED],
  // Credentials encrypted at rest: ciphertext is still not for logs.
  [/\benc:v1:[^\s"'\\,;]+/g, REDACTED],
  // JSON Web Tokens (OAuth access and id tokens).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Bearer tokens and passwords inside URLs (postgres://user:password@host).
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]*:)[^\s@/"'\\]+@/gi, `$1${REDACTED}@`],
  // Credentials in query strings and form bodies (`?api_key=...&token=...`, `refresh_token=...`).
  [new RegExp(`([?&](?:${SECRET_QUERY_PARAMS})=)[^&#\\s"'\\\\]+`, 'gi'), `$1${REDACTED}`],
  [
    new RegExp(`((?:^|[\\s"'(,;:])(?:${SECRET_FORM_PARAMS})=)[^&#\\s"'\\\\]+`, 'gi'),
    `$1${REDACTED}`,
  ],
  // A string under a secret field name at any depth, also inside JSON quoted in a message
  // (`{"refresh_token":"..."}` from a token endpoint's answer), beyond the redaction paths' depth.
  [
    new RegExp(
      `(\\\\?"(?:${SECRET_FIELDS.map(escapeRegExp).join('|')})\\\\?"\\s*:\\s*\\\\?")(?:[^"\\\\]|\\\\[^"])+`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
];

/**
 * Replaces every secret-shaped substring of `text`, and every occurrence of a known secret value
 * (one shorter than 8 characters is ignored: it would mask ordinary words).
 */
export function maskSecrets(text: string, secretValues: readonly string[] = []): string {
  let masked = text;
  for (const value of secretValues) {
    if (value.length < 8) continue;
    masked = masked.split(value).join(REDACTED);
    const quoted = JSON.stringify(value).slice(1, -1);
    if (quoted !== value) masked = masked.split(quoted).join(REDACTED);
  }
  for (const [shape, replacement] of SECRET_SHAPES) masked = masked.replace(shape, replacement);
  return masked;
}

/**
 * The last step before a log line leaves the process: path-based redaction only knows the field
 * names it was told, this catches a secret that slipped into a message, an error, an odd field or
 * a URL, and any configured secret value (the operator's admin key has no recognisable shape).
 */
export class SanitizingDestination implements DestinationStream {
  constructor(
    private readonly target: DestinationStream,
    private readonly secretValues: readonly string[] = [],
  ) {}

  write(line: string): void {
    this.target.write(maskSecrets(line, this.secretValues));
  }
}

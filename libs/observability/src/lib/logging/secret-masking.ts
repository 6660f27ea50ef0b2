import type { DestinationStream } from 'pino';

export const REDACTED = '[REDACTED]';

/**
 * Shapes of secrets that must never reach a log line, whatever field (or message) they sit in.
 * Character classes stop at quotes and backslashes, so masking serialised JSON keeps it valid.
 */
const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
  // Stripe secret and restricted keys, webhook signing secrets; Concord API keys.
  [/\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, REDACTED],
  [/\bck_(?:test|live)_[A-Za-z0-9_]+/g, REDACTED],
  // Credentials encrypted at rest: ciphertext is still not for logs.
  [/\benc:v1:[^\s"'\\,;]+/g, REDACTED],
  // JSON Web Tokens (OAuth access and id tokens).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Bearer tokens and passwords inside URLs (postgres://user:password@host).
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]*:)[^\s@/"'\\]+@/gi, `$1${REDACTED}@`],
];

/** Replaces every secret-shaped substring of `text`. */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const [shape, replacement] of SECRET_SHAPES) masked = masked.replace(shape, replacement);
  return masked;
}

/**
 * The last step before a log line leaves the process: path-based redaction only knows the field
 * names it was told, this catches a secret that slipped into a message, an error or an odd field.
 */
export class SanitizingDestination implements DestinationStream {
  constructor(private readonly target: DestinationStream) {}

  write(line: string): void {
    this.target.write(maskSecrets(line));
  }
}

/**
 * Field names that hold secrets wherever they appear: redacted by path up to four levels deep, and
 * a string value under one of them is masked at any depth by the last step (secret-masking.ts).
 */
export const SECRET_FIELDS = [
  'password',
  'passwd',
  'secret',
  'clientSecret',
  'client_secret',
  'webhookSecret',
  'signingSecret',
  'apiKey',
  'api_key',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'credentials',
  'privateKey',
  'private_key',
  'encryptionKey',
  'authorization',
];

const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["x-xero-signature"]',
  'req.headers["x-api-key"]',
  'req.headers["x-salesforce-signature"]',
  'res.headers["set-cookie"]',
];

/** The redaction paths every Concord logger uses, plus `extra`. */
export function defaultRedactPaths(extra: readonly string[] = []): string[] {
  const prefixes = ['', '*.', '*.*.', '*.*.*.'];
  const fieldPaths = SECRET_FIELDS.flatMap((field) =>
    prefixes.map((prefix) => `${prefix}${field}`),
  );
  return [...new Set([...HEADER_PATHS, ...fieldPaths, ...extra])];
}

/** Codes of the errors raised while encrypting or decrypting credentials. */
export enum SecretErrorCode {
  /** The key ring configuration is wrong (ValidationError). */
  INVALID_KEY_RING = 'INVALID_KEY_RING',
  /** The value is not an `enc:v1:` envelope (ValidationError). */
  MALFORMED_SECRET_ENVELOPE = 'MALFORMED_SECRET_ENVELOPE',
  /** The envelope names a key id the ring does not hold (AuthError). */
  UNKNOWN_KEY_ID = 'UNKNOWN_KEY_ID',
  /** Authentication failed: tampered data, wrong key or wrong associated data (AuthError). */
  SECRET_DECRYPTION_FAILED = 'SECRET_DECRYPTION_FAILED',
}

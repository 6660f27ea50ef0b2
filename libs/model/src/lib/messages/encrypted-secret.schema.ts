import { type Static, Type } from '@sinclair/typebox';

/**
 * A secret encrypted by @concord/auth (`enc:v1:<keyId>:<iv>:<tag>:<ciphertext>`, base64url parts).
 * Only the shape is checked here; a clear-text secret fails it, so none reaches a topic.
 */
export const EncryptedSecret = Type.String({
  pattern: '^enc:v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$',
  maxLength: 16384,
  description: 'Secret encrypted with AES-256-GCM: enc:v1:<keyId>:<iv>:<tag>:<ciphertext>.',
});
export type EncryptedSecret = Static<typeof EncryptedSecret>;

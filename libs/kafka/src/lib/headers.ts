import { IHeaders } from 'kafkajs';

/** Kafka headers as plain strings (Concord only ever puts UTF-8 strings in headers). */
export type MessageHeaderMap = Record<string, string>;

export function encodeHeaders(headers: MessageHeaderMap | undefined): IHeaders {
  const encoded: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) encoded[name] = Buffer.from(String(value), 'utf8');
  }
  return encoded;
}

export function decodeHeaders(headers: IHeaders | undefined): MessageHeaderMap {
  const decoded: MessageHeaderMap = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    decoded[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return decoded;
}

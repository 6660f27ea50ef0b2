import { randomUUID } from 'node:crypto';

import { ValidationError } from '@concord/errors';
import fc from 'fast-check';

import { decodeCursor, encodeCursor } from './record-cursor';

describe('record cursor', () => {
  it('round-trips any (updatedAt, id) position', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        fc.uuid(),
        (date, id) => {
          const cursor = { updatedAt: date.toISOString(), id };
          const encoded = encodeCursor(cursor);
          expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(decodeCursor(encoded)).toEqual(cursor);
        },
      ),
    );
  });

  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    [
      'a bad timestamp',
      Buffer.from('["yesterday","3b0f7a8e-0c1d-4e5f-9a6b-7c8d9e0f1a2b"]').toString('base64url'),
    ],
    ['a bad id', Buffer.from('["2025-01-01T00:00:00.000Z","x"]').toString('base64url')],
    ['garbage', '%%%'],
  ])('refuses %s, naming the cursor parameter', (_what, text) => {
    try {
      decodeCursor(text);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual([
        { field: 'cursor', message: 'is not a cursor returned by this list' },
      ]);
    }
  });

  it('keeps a microsecond timestamp exactly as PostgreSQL wrote it', () => {
    const cursor = { updatedAt: '2026-01-01T00:00:00.123456Z', id: randomUUID() };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
});

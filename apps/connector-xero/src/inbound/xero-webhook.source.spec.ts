import { AuthError } from '@concord/errors';

import { groupXeroEvents, xeroWebhookSource } from './xero-webhook.source';
import { xeroSignatureOf } from './xero-webhook-signature';

const KEY = 'app-signing-key';
const event = (tenantId: string, eventCategory: string, resourceId: string) => ({
  resourceId,
  eventDateUtc: '2026-01-01T00:00:00.000Z',
  eventType: 'UPDATE',
  eventCategory,
  tenantId,
});

describe('Xero webhook batches', () => {
  const batch = {
    events: [
      event('org-a', 'CONTACT', 'c1'),
      event('org-a', 'CONTACT', 'c2'),
      event('org-a', 'CONTACT', 'c1'),
      event('org-a', 'INVOICE', 'i1'),
      event('org-b', 'CONTACT', 'c3'),
    ],
    firstEventSequence: 7,
    lastEventSequence: 11,
  };

  it('groups a delivery per organisation and category, each id once', () => {
    expect(groupXeroEvents(batch)).toEqual([
      {
        id: '7-11:org-a:CONTACT',
        tenantId: 'org-a',
        category: 'CONTACT',
        resourceIds: ['c1', 'c2'],
      },
      { id: '7-11:org-a:INVOICE', tenantId: 'org-a', category: 'INVOICE', resourceIds: ['i1'] },
      { id: '7-11:org-b:CONTACT', tenantId: 'org-b', category: 'CONTACT', resourceIds: ['c3'] },
    ]);
  });

  it('accepts only bodies signed with the app key (an empty batch is the handshake)', () => {
    const source = xeroWebhookSource(KEY);
    const body = Buffer.from(JSON.stringify(batch));
    expect(
      source.verify(body, { 'x-xero-signature': xeroSignatureOf(body, KEY) }, []),
    ).toHaveLength(3);
    const handshake = Buffer.from('{"events":[],"firstEventSequence":0,"lastEventSequence":0}');
    expect(
      source.verify(handshake, { 'x-xero-signature': xeroSignatureOf(handshake, KEY) }, []),
    ).toEqual([]);
    expect(() =>
      source.verify(body, { 'x-xero-signature': xeroSignatureOf(body, 'other-key') }, []),
    ).toThrow(AuthError);
    expect(() => source.verify(body, {}, [])).toThrow(AuthError);
  });
});

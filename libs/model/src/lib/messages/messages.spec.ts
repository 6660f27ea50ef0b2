import type { TSchema } from '@sinclair/typebox';

import {
  CONNECTION_ID,
  ENCRYPTED,
  exampleConnectionSettings,
  exampleConnectorStatus,
  exampleCustomerEvent,
  exampleDeadLetterHeaders,
  exampleInboundInvoiceChange,
  exampleInvoiceEvent,
  exampleSyncOutcome,
  NOW,
} from '../../../test/model-examples';
import { validate } from '../validation/schema-validation';
import { CatalogCustomerEvent, CatalogInvoiceEvent } from './catalog-event.schema';
import { ConnectionSettings } from './connection-settings.schema';
import { ConnectorRetry } from './connector-retry.schema';
import { ConnectorStateRecord } from './connector-state.schema';
import { ConnectorStatus } from './connector-status.schema';
import { DeadLetter } from './dead-letter.schema';
import { EncryptedSecret } from './encrypted-secret.schema';
import { InboundChange } from './inbound-change.schema';
import { SyncOutcome } from './sync-outcome.schema';

function issues(schema: TSchema, value: unknown): Array<[string, string]> {
  const result = validate(schema, value);
  return result.ok ? [] : result.errors.map((issue) => [issue.path, issue.message]);
}

function paths(schema: TSchema, value: unknown): string[] {
  return issues(schema, value).map(([path]) => path);
}

describe('CatalogEvent', () => {
  it('accepts valid events', () => {
    expect(issues(CatalogCustomerEvent, exampleCustomerEvent())).toEqual([]);
    expect(issues(CatalogInvoiceEvent, exampleInvoiceEvent())).toEqual([]);
  });

  it('names the invalid field deep inside the entity', () => {
    const event = exampleCustomerEvent();
    event.data.entity.address = { line1: 'x', country: 'gb' };
    expect(paths(CatalogCustomerEvent, event)).toEqual(['data.entity.address.country']);
  });

  it('rejects a type of another entity or an unknown operation', () => {
    const event = { ...exampleCustomerEvent(), type: 'concord.catalog.product.updated' };
    expect(paths(CatalogCustomerEvent, event)).toEqual(['type']);
    const unknownOp = exampleCustomerEvent();
    (unknownOp.data as { operation: string }).operation = 'patched';
    expect(paths(CatalogCustomerEvent, unknownOp)).toEqual(['data.operation']);
  });

  it('ties type, subject, tenant and version to the entity', () => {
    const event = exampleCustomerEvent();
    event.type = 'concord.catalog.customer.created';
    event.subject = 'someone-else';
    event.tenant = 'other-tenant';
    event.entityVersion = 99;
    expect(paths(CatalogCustomerEvent, event)).toEqual([
      'type',
      'subject',
      'data.entity.tenantId',
      'entityVersion',
    ]);
  });

  it('requires deletedAt on a delete and known changed fields', () => {
    const event = exampleCustomerEvent();
    event.type = 'concord.catalog.customer.deleted';
    event.data.operation = 'deleted';
    event.data.changedFields = ['address.city', 'favouriteColour'];
    expect(paths(CatalogCustomerEvent, event)).toEqual([
      'data.entity.deletedAt',
      'data.changedFields.1',
    ]);
  });

  it('applies invoice rules to the embedded invoice', () => {
    const event = exampleInvoiceEvent();
    event.data.entity.subtotal += 1;
    event.data.entity.total += 1;
    expect(paths(CatalogInvoiceEvent, event)).toEqual(['data.entity.subtotal']);
  });

  it('rejects a customer event carrying an invoice', () => {
    const event = { ...exampleCustomerEvent(), data: { ...exampleInvoiceEvent().data } };
    const found = paths(CatalogCustomerEvent, event);
    expect(found).toContain('data.entity.name');
    expect(found).toContain('data.entity.customerId');
  });
});

describe('InboundChange', () => {
  it('accepts a partial invoice with external references', () => {
    expect(issues(InboundChange, exampleInboundInvoiceChange())).toEqual([]);
  });

  it('reports the errors of the entity type it claims, not of every union member', () => {
    const change = exampleInboundInvoiceChange();
    const content = change.data.content as Record<string, unknown>;
    content['customerId'] = CONNECTION_ID;
    content['currency'] = 'pounds';
    expect(paths(InboundChange, change).sort()).toEqual(
      ['data.content.currency', 'data.content.customerId'].sort(),
    );
  });

  it('requires content on upsert and none on delete', () => {
    const upsert = exampleInboundInvoiceChange();
    upsert.data.content = null;
    expect(paths(InboundChange, upsert)).toEqual(['data.content']);
    const del = exampleInboundInvoiceChange();
    del.type = 'concord.connector.inbound.invoice.deleted';
    del.data.operation = 'delete';
    expect(paths(InboundChange, del)).toEqual(['data.content']);
  });

  it('must come from the system it names', () => {
    const change = { ...exampleInboundInvoiceChange(), origin: 'xero', subject: 'in_999' };
    expect(paths(InboundChange, change)).toEqual(['origin', 'subject']);
    const fromCatalog = { ...exampleInboundInvoiceChange(), origin: 'catalog' };
    expect(paths(InboundChange, fromCatalog)).toEqual(['origin']);
  });

  it('rejects an unknown reason and a local change time', () => {
    const change = exampleInboundInvoiceChange();
    (change.data as { reason: string }).reason = 'guess';
    change.data.changedAt = '2025-06-01T10:20:30';
    expect(paths(InboundChange, change).sort()).toEqual(['data.changedAt', 'data.reason']);
  });
});

describe('SyncOutcome', () => {
  it('accepts a synced outcome', () => {
    expect(issues(SyncOutcome, exampleSyncOutcome())).toEqual([]);
  });

  it('accepts a failed outcome with a classified error', () => {
    const outcome = exampleSyncOutcome();
    outcome.type = 'concord.connector.outcome.customer.failed';
    outcome.data.status = 'failed';
    outcome.data.externalId = null;
    outcome.data.error = {
      code: 'UPSTREAM_RATE_LIMITED',
      category: 'rate-limited',
      message: '429',
      retryable: true,
    };
    expect(issues(SyncOutcome, outcome)).toEqual([]);
  });

  it('requires an error exactly when failed and an external id when synced', () => {
    const outcome = exampleSyncOutcome();
    outcome.data.externalId = null;
    outcome.data.error = { code: 'X', category: 'validation', message: 'm', retryable: false };
    expect(paths(SyncOutcome, outcome)).toEqual(['data.error', 'data.externalId']);
  });

  it('rejects an unknown error category and a malformed hash', () => {
    const outcome = exampleSyncOutcome();
    outcome.data.contentHash = 'abc';
    outcome.data.attempt = 0;
    expect(paths(SyncOutcome, outcome).sort()).toEqual(['data.attempt', 'data.contentHash']);
    const failed = exampleSyncOutcome();
    (failed.data as { error: unknown }).error = {
      code: 'X',
      category: 'oops',
      message: 'm',
      retryable: false,
    };
    expect(paths(SyncOutcome, failed)).toContain('data.error.category');
  });
});

describe('ConnectorStatus', () => {
  it('accepts a valid status', () => {
    expect(issues(ConnectorStatus, exampleConnectorStatus())).toEqual([]);
  });

  it('refuses a clear-text secret', () => {
    const status = exampleConnectorStatus();
    status.data.rotatedCredentials = 'sk_test_123';
    status.data.webhook = { url: 'https://hooks.example.com/x', secret: 'whsec_plain' };
    expect(paths(ConnectorStatus, status).sort()).toEqual([
      'data.rotatedCredentials',
      'data.webhook.secret',
    ]);
  });

  it('rejects an unknown state and a negative budget', () => {
    const status = exampleConnectorStatus();
    (status.data as { state: string }).state = 'sleeping';
    status.data.budget = { used: -1, limit: 25, windowMs: 1000 };
    expect(paths(ConnectorStatus, status).sort()).toEqual(['data.budget.used', 'data.state']);
  });
});

describe('ConnectionSettings', () => {
  it('accepts valid settings', () => {
    expect(issues(ConnectionSettings, exampleConnectionSettings())).toEqual([]);
  });

  it('names each invalid setting', () => {
    const settings = {
      ...exampleConnectionSettings(),
      connectionId: 'not-a-uuid',
      direction: 'sideways',
      entityTypes: ['customer', 'customer'],
      matchingKeys: { customer: ['email'], order: ['id'] },
      credentials: '{"apiKey":"sk_live_123"}',
      settings: { baseUrl: { nested: true } },
    };
    expect(paths(ConnectionSettings, settings).sort()).toEqual(
      [
        'connectionId',
        'credentials',
        'direction',
        'entityTypes',
        'matchingKeys.order',
        'settings.baseUrl',
      ].sort(),
    );
  });

  it('rejects a field owner that is neither catalog nor a system', () => {
    const settings = exampleConnectionSettings();
    settings.conflictPolicy.fieldOwners = [
      { entityType: 'customer', field: 'phone', owner: 'Nobody' },
    ];
    expect(paths(ConnectionSettings, settings)).toEqual(['conflictPolicy.fieldOwners.0.owner']);
  });
});

describe('ConnectorStateRecord', () => {
  it('accepts cursors and links', () => {
    expect(
      issues(ConnectorStateRecord, {
        kind: 'cursor',
        stream: 'customer',
        cursor: '',
        updatedAt: NOW,
      }),
    ).toEqual([]);
    const link = {
      kind: 'link',
      entityType: 'customer',
      entityId: CONNECTION_ID,
      externalId: 'cus_1',
      contentHash: null,
      updatedAt: NOW,
    };
    expect(issues(ConnectorStateRecord, link)).toEqual([]);
  });

  it('reports the errors of the kind it claims', () => {
    const link = {
      kind: 'link',
      entityType: 'customer',
      entityId: 'nope',
      externalId: 'cus_1',
      contentHash: null,
      updatedAt: NOW,
    };
    expect(paths(ConnectorStateRecord, link)).toEqual(['entityId']);
    expect(issues(ConnectorStateRecord, { kind: 'offset' })).toEqual([
      ['kind', 'Expected one of "cursor", "link"'],
    ]);
  });
});

describe('ConnectorRetry', () => {
  it('accepts any catalog event and applies its rules', () => {
    expect(issues(ConnectorRetry, exampleCustomerEvent())).toEqual([]);
    expect(issues(ConnectorRetry, exampleInvoiceEvent())).toEqual([]);
    const inconsistent = { ...exampleCustomerEvent(), subject: 'other' };
    expect(paths(ConnectorRetry, inconsistent)).toEqual(['subject']);
    expect(paths(ConnectorRetry, exampleSyncOutcome()).length).toBeGreaterThan(0);
  });
});

describe('DeadLetter headers', () => {
  it('accepts the DLQ headers with the original ones kept', () => {
    expect(issues(DeadLetter, exampleDeadLetterHeaders())).toEqual([]);
  });

  it('names missing and malformed headers', () => {
    const { 'x-dlq-attempts': _attempts, ...headers } = exampleDeadLetterHeaders();
    expect(issues(DeadLetter, { ...headers, 'x-dlq-original-offset': '-1', 'x-trace': 7 })).toEqual(
      [
        ['x-dlq-attempts', 'Required property is missing'],
        ['x-trace', 'Expected string'],
        ['x-dlq-original-offset', "Expected string to match '^\\d+$'"],
      ],
    );
  });
});

describe('EncryptedSecret', () => {
  it('accepts only the enc:v1 format', () => {
    expect(issues(EncryptedSecret, ENCRYPTED)).toEqual([]);
    for (const bad of ['sk_test_123', 'enc:v2:k:a:b:c', 'enc:v1:k:a:b', 'enc:v1:k:a+b:c:d']) {
      expect(paths(EncryptedSecret, bad)).toEqual(['(root)']);
    }
  });
});

describe('union error reporting', () => {
  it('names a wrong constant once even when every variant rejects it', () => {
    expect(issues(ConnectorRetry, { ...exampleCustomerEvent(), specversion: '0.3' })).toEqual([
      ['specversion', 'Expected one of "1.0"'],
    ]);
  });
});

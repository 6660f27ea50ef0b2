import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { kafkaSecurityOptions } from './kafka-security';

describe('kafkaSecurityOptions', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'concord-kafka-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    writeFileSync(join(dir, 'client.pem'), 'CERT PEM');
    writeFileSync(join(dir, 'client.key'), 'KEY PEM');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('asks for nothing when the environment sets nothing (a local broker)', () => {
    expect(kafkaSecurityOptions({ KAFKA_SSL: false })).toEqual({});
  });

  it('maps the SASL variables to kafkajs SASL options', () => {
    expect(
      kafkaSecurityOptions({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'concord',
        KAFKA_SASL_PASSWORD: 'pw',
      }),
    ).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'concord', password: 'pw' } });
  });

  it('trusts the system CAs with KAFKA_SSL alone, and reads the PEM files when given', () => {
    expect(kafkaSecurityOptions({ KAFKA_SSL: true })).toEqual({ tls: true });
    const tls = kafkaSecurityOptions({
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SSL_CERT_FILE: join(dir, 'client.pem'),
      KAFKA_SSL_KEY_FILE: join(dir, 'client.key'),
    }).tls as Record<string, Buffer>;
    expect(Object.fromEntries(Object.entries(tls).map(([k, v]) => [k, v.toString()]))).toEqual({
      ca: 'CA PEM',
      cert: 'CERT PEM',
      key: 'KEY PEM',
    });
  });
});

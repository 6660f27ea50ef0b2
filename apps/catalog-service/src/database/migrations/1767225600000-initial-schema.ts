import { OUTBOX_TABLE_STATEMENTS } from '@concord/catalog-outbox';
import { MigrationInterface, QueryRunner } from 'typeorm';

// Timestamps are timestamptz(3): JavaScript dates carry milliseconds, and list cursors compare
// (updated_at, id) exactly, so the store must not keep precision the application cannot see.
const STATEMENTS = [
  `CREATE TABLE tenants (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{1,62}$'),
    name text NOT NULL,
    settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    key_id text NOT NULL UNIQUE,
    hash text NOT NULL,
    name text NOT NULL,
    scopes text[] NOT NULL CHECK (scopes <@ ARRAY['read', 'write', 'admin']::text[]),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    last_used_at timestamptz(3),
    revoked_at timestamptz(3),
    rotated_from uuid REFERENCES api_keys (id)
  )`,
  `CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at)`,

  `CREATE TABLE customers (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    version integer NOT NULL CHECK (version >= 1),
    name text NOT NULL,
    email text,
    phone text,
    address jsonb,
    currency text,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    deleted_at timestamptz(3)
  )`,
  `CREATE INDEX customers_tenant_updated_idx ON customers (tenant_id, updated_at, id)`,
  `CREATE INDEX customers_tenant_email_idx ON customers (tenant_id, lower(email))`,

  `CREATE TABLE products (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    version integer NOT NULL CHECK (version >= 1),
    name text NOT NULL,
    description text,
    sku text,
    active boolean NOT NULL DEFAULT true,
    unit_price_amount bigint,
    unit_price_currency text,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    deleted_at timestamptz(3),
    CHECK ((unit_price_amount IS NULL) = (unit_price_currency IS NULL))
  )`,
  `CREATE INDEX products_tenant_updated_idx ON products (tenant_id, updated_at, id)`,
  `CREATE INDEX products_tenant_sku_idx ON products (tenant_id, sku)`,

  `CREATE TABLE invoices (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    version integer NOT NULL CHECK (version >= 1),
    customer_id uuid NOT NULL REFERENCES customers (id),
    number text NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    currency text NOT NULL,
    issue_date date NOT NULL,
    due_date date,
    subtotal bigint NOT NULL,
    total bigint NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    deleted_at timestamptz(3),
    CONSTRAINT invoices_tenant_number_key UNIQUE (tenant_id, number)
  )`,
  `CREATE INDEX invoices_tenant_updated_idx ON invoices (tenant_id, updated_at, id)`,
  `CREATE INDEX invoices_tenant_status_idx ON invoices (tenant_id, status, updated_at, id)`,
  `CREATE INDEX invoices_customer_idx ON invoices (tenant_id, customer_id)`,

  `CREATE TABLE invoice_lines (
    id uuid PRIMARY KEY,
    invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    tenant_id text NOT NULL REFERENCES tenants (id),
    product_id uuid REFERENCES products (id),
    description text NOT NULL,
    quantity integer NOT NULL CHECK (quantity >= 1),
    unit_amount bigint NOT NULL,
    amount bigint NOT NULL,
    position integer NOT NULL,
    CONSTRAINT invoice_lines_position_key UNIQUE (invoice_id, position)
  )`,
  `CREATE INDEX invoice_lines_product_idx ON invoice_lines (tenant_id, product_id)`,

  `CREATE TABLE identity_links (
    tenant_id text NOT NULL REFERENCES tenants (id),
    entity_type text NOT NULL CHECK (entity_type IN ('customer', 'product', 'invoice')),
    entity_id uuid NOT NULL,
    system text NOT NULL,
    external_id text NOT NULL,
    external_version text,
    last_synced_hash text,
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, system, entity_type, entity_id),
    CONSTRAINT identity_links_external_key UNIQUE (tenant_id, system, entity_type, external_id)
  )`,
  `CREATE INDEX identity_links_entity_idx ON identity_links (tenant_id, entity_type, entity_id)`,

  `CREATE TABLE sync_states (
    tenant_id text NOT NULL REFERENCES tenants (id),
    entity_type text NOT NULL CHECK (entity_type IN ('customer', 'product', 'invoice')),
    entity_id uuid NOT NULL,
    system text NOT NULL,
    state text NOT NULL CHECK (state IN ('pending', 'synced', 'failed', 'conflict')),
    last_error jsonb,
    last_event_id uuid,
    entity_version integer,
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, entity_type, entity_id, system)
  )`,
  `CREATE INDEX sync_states_state_idx ON sync_states (tenant_id, system, state, updated_at)`,

  `CREATE TABLE sync_conflicts (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    entity_type text NOT NULL CHECK (entity_type IN ('customer', 'product', 'invoice')),
    entity_id uuid NOT NULL,
    system text NOT NULL,
    field text NOT NULL,
    catalog_value jsonb,
    external_value jsonb,
    resolution text NOT NULL,
    policy text NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX sync_conflicts_tenant_idx ON sync_conflicts (tenant_id, created_at, id)`,
  `CREATE INDEX sync_conflicts_entity_idx ON sync_conflicts (tenant_id, entity_type, entity_id)`,

  // The outbox, as libs/catalog-outbox's table contract defines it (Debezium's outbox event router
  // layout, a publish sequence and the NOTIFY trigger the relays listen to).
  ...OUTBOX_TABLE_STATEMENTS,

  `CREATE TABLE inbox (
    tenant_id text NOT NULL,
    system text NOT NULL,
    source_event_id text NOT NULL,
    received_at timestamptz(3) NOT NULL DEFAULT now(),
    result jsonb,
    PRIMARY KEY (tenant_id, system, source_event_id)
  )`,
  `CREATE INDEX inbox_received_idx ON inbox (received_at)`,

  `CREATE TABLE integration_connections (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    system text NOT NULL,
    enabled boolean NOT NULL DEFAULT false,
    paused boolean NOT NULL DEFAULT false,
    paused_reason text,
    direction text NOT NULL DEFAULT 'both',
    entity_types text[] NOT NULL DEFAULT ARRAY[]::text[],
    field_mappings jsonb NOT NULL DEFAULT '{}',
    matching_keys jsonb NOT NULL DEFAULT '{}',
    conflict_policy jsonb NOT NULL DEFAULT '{}',
    credentials_encrypted text,
    settings jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    CONSTRAINT integration_connections_tenant_system_key UNIQUE (tenant_id, system)
  )`,

  `CREATE TABLE connector_statuses (
    tenant_id text NOT NULL,
    system text NOT NULL,
    connection_id uuid NOT NULL,
    status jsonb NOT NULL,
    observed_at timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, system, connection_id)
  )`,

  `CREATE TABLE idempotency_keys (
    tenant_id text NOT NULL,
    key text NOT NULL,
    method text NOT NULL,
    path text NOT NULL,
    request_hash text NOT NULL,
    response_status integer,
    response_body jsonb,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
  )`,
  `CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`,

  `CREATE TABLE audit_log (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    details jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at, id)`,

  `CREATE TABLE dead_letters (
    id uuid PRIMARY KEY,
    tenant_id text,
    consumer_group text NOT NULL,
    topic text NOT NULL,
    partition integer NOT NULL,
    "offset" bigint NOT NULL,
    key text,
    payload text,
    headers jsonb NOT NULL DEFAULT '{}',
    error jsonb NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    resolved_at timestamptz(3),
    CONSTRAINT dead_letters_source_key UNIQUE (consumer_group, topic, partition, "offset")
  )`,
  `CREATE INDEX dead_letters_tenant_idx ON dead_letters (tenant_id, status, created_at)`,
];

const TABLES = [
  'dead_letters',
  'audit_log',
  'idempotency_keys',
  'connector_statuses',
  'integration_connections',
  'inbox',
  'outbox',
  'sync_conflicts',
  'sync_states',
  'identity_links',
  'invoice_lines',
  'invoices',
  'products',
  'customers',
  'api_keys',
  'tenants',
];

export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    await queryRunner.query('DROP FUNCTION IF EXISTS outbox_notify()');
  }
}

/**
 * The outbox aggregate type of connection settings: the relay routes these rows to the compacted
 * integration.connections.v1 (keyed tenant:system; a JSON null payload is a tombstone).
 */
export const CONNECTION_AGGREGATE = 'connection';

/** Codes of the errors the kit itself raises. */
export enum ConnectorKitErrorCode {
  /** An invoice's customer or products are not linked in the target system yet. */
  DEPENDENCY_NOT_READY = 'DEPENDENCY_NOT_READY',
  /** The catalog event names a tenant with no usable connection here. */
  CONNECTION_UNAVAILABLE = 'CONNECTION_UNAVAILABLE',
  /** A webhook came for a connection this connector does not know. */
  UNKNOWN_CONNECTION = 'UNKNOWN_CONNECTION',
  /** The connector could not reach Kafka to hand over a webhook's changes. */
  WEBHOOK_NOT_STORED = 'WEBHOOK_NOT_STORED',
  /**
   * The linked external record was deleted there, and the connection's conflict policy lets that
   * delete stand: the write waits (retried) for the catalog to apply the inbound delete.
   */
  EXTERNAL_DELETE_PENDING = 'EXTERNAL_DELETE_PENDING',
}

import type { ContentByEntityType, EntityType, InboundContentByEntityType } from '@concord/model';

import type { EntityRef, LinkLookup, ResolvedConnection } from './resolved-connection';

/** What a mapper may consult: the links already made and the connection it maps for. */
export interface MappingContext {
  /** Links between catalog and external ids (to turn a customerId into a cus_... id). */
  links: LinkLookup;
  /** The connection being synced (settings such as field mappings). */
  connection: ResolvedConnection;
}

/** An external record translated to the canonical shape, ready to become an InboundChange. */
export interface CanonicalRecord<E extends EntityType> {
  /** Id of the record in the external system. */
  externalId: string;
  /** True when the external record is gone (deleted, archived away); content is then ignored. */
  deleted: boolean;
  /** Canonical fields observed (references to other records as external ids). */
  content: InboundContentByEntityType[E];
  /** When the external record last changed, when the system says so (ISO); null if unknown. */
  changedAt: string | null;
  /** The external version/etag/modstamp, when the system has one. */
  externalVersion: string | null;
  /**
   * The catalog id Concord wrote into the record (an external-id field, metadata), when it
   * carries one: the catalog applies the change to that record while no link names it yet.
   */
  catalogId?: string | null;
}

/** Translates one entity type between the canonical model and the external system. */
export interface EntityMapper<E extends EntityType, TMapped> {
  /** Canonical content -> the payload the outbound adapter writes (pure, no I/O). */
  toExternal(content: ContentByEntityType[E], ctx: MappingContext): TMapped;
  /** An external record (as listed or fetched) -> canonical content with external references. */
  toCanonical(external: unknown, ctx: MappingContext): CanonicalRecord<E>;
  /** Records that must be linked before this one can be written (an invoice's customer, products). */
  dependencies?(content: ContentByEntityType[E]): EntityRef[];
}

import {
  type ContentByEntityType,
  contentHash,
  ContentSchemas,
  type EntityType,
  isValid,
} from '@concord/model';

/**
 * The content hash of an externally observed record, comparable with a link's hash; null when the
 * record is partial (or carries external references) and so cannot be compared.
 */
export function completeContentHash(entityType: EntityType, content: unknown): string | null {
  if (!isValid(ContentSchemas[entityType], content)) return null;
  return contentHash(entityType, content as ContentByEntityType[EntityType]);
}

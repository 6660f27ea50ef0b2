import { InitialSchema1767225600000 } from './1767225600000-initial-schema';
import { SyncOperations1767312000000 } from './1767312000000-sync-operations';

/** In order of their timestamps; a new migration is appended here. */
export const catalogMigrations = [InitialSchema1767225600000, SyncOperations1767312000000];

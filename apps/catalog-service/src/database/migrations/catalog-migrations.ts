import { InitialSchema1767225600000 } from './1767225600000-initial-schema';
import { SyncOperations1767312000000 } from './1767312000000-sync-operations';
import { ProductMetadata1767398400000 } from './1767398400000-product-metadata';
import { OperatorActions1767484800000 } from './1767484800000-operator-actions';
import { OperatorHistory1767571200000 } from './1767571200000-operator-history';
import { SetBasedFieldClocks1767657600000 } from './1767657600000-set-based-field-clocks';
import { LinkLastWrittenAt1767744000000 } from './1767744000000-link-last-written-at';

/** In order of their timestamps; a new migration is appended here. */
export const catalogMigrations = [
  InitialSchema1767225600000,
  SyncOperations1767312000000,
  ProductMetadata1767398400000,
  OperatorActions1767484800000,
  OperatorHistory1767571200000,
  SetBasedFieldClocks1767657600000,
  LinkLastWrittenAt1767744000000,
];

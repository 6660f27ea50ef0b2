import type { ObservedRecord } from '../observed';
import type { ExternalSystem } from '../systems';

/** Reads every record of the run's kinds from one system, deleted (or archived) ones included. */
export interface SystemReader {
  readonly system: ExternalSystem;
  readAll(): Promise<ObservedRecord[]>;
}

import { SimulationClock } from '@concord/simulators/core';

import { StripeIdFactory } from './accounts/stripe-id.factory';
import { EventRecorder } from './events/event-recorder';

/** The shared services every resource controller uses. */
export interface StripeRuntime {
  clock: SimulationClock;
  ids: StripeIdFactory;
  events: EventRecorder;
  searchLagMs: () => number;
}

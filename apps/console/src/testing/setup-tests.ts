import '@testing-library/jest-dom';

import { TextDecoder, TextEncoder } from 'node:util';

// jsdom has no TextEncoder, which React Router reads when it loads.
Object.assign(globalThis, { TextEncoder, TextDecoder });

// Nor ResizeObserver, which Recharts' ResponsiveContainer uses (it keeps its initial size here).
class NoResizeObserver {
  observe(): void {
    // nothing to measure in jsdom
  }
  unobserve(): void {
    // nothing observed
  }
  disconnect(): void {
    // nothing observed
  }
}
Object.assign(globalThis, { ResizeObserver: NoResizeObserver });

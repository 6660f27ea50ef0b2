import '@testing-library/jest-dom';

import { TextDecoder, TextEncoder } from 'node:util';

import { configure } from '@testing-library/react';

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

// findBy*/waitFor wait up to 1 s by default: a first render that loads its page's code on a
// 2-core machine shared with other suites can take longer. Only the upper bound moves; a page
// that never shows what is awaited still fails.
configure({ asyncUtilTimeout: 5_000 });

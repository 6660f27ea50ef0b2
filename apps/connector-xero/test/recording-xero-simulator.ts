import type { IncomingMessage, ServerResponse } from 'node:http';

import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import { createXeroSimulator, type XeroSimulator } from '@concord/simulators/xero';

/** One request the simulator received: what it was, its Idempotency-Key, the records it carried. */
export interface SeenRequest {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
  records: number;
}

/** The Xero simulator in-process on a loopback port, recording every request it serves. */
export interface RecordingXeroSimulator {
  simulator: XeroSimulator;
  listener: RunningListener;
  /** Every request so far (empty it to count one step's calls). */
  seen: SeenRequest[];
  /** The accounting API's requests (`/api.xro/2.0/...`) among them. */
  apiCalls(): SeenRequest[];
  close(): Promise<void>;
}

export async function startRecordingXeroSimulator(seed: number): Promise<RecordingXeroSimulator> {
  const simulator = createXeroSimulator({ seed });
  const seen: SeenRequest[] = [];
  const listener = await listenSimulator((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown[]>) : {};
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        idempotencyKey: typeof key === 'string' ? key : undefined,
        records: Object.values(body).find(Array.isArray)?.length ?? 0,
      });
    });
    simulator.handler(req, res);
  });
  return {
    simulator,
    listener,
    seen,
    apiCalls: () => seen.filter((r) => r.url.startsWith('/api.xro/2.0/')),
    close: async () => {
      await listener.close();
      simulator.close();
    },
  };
}

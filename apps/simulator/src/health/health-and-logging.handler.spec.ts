import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';

import { createSimulatorLogger } from '../config/simulator-logger';
import { withHealthAndLogging } from './health-and-logging.handler';

class Lines extends Writable {
  readonly entries: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    chunk
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .forEach((line) => this.entries.push(JSON.parse(line) as Record<string, unknown>));
    done();
  }
}

/** Drives a listener with an in-memory request and returns status and body. */
async function invoke(
  listener: RequestListener,
  method: string,
  url: string,
): Promise<{ status: number; body: string }> {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = url;
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  res.write = ((chunk: Buffer | string) => {
    chunks.push(Buffer.from(chunk));
    return true;
  }) as ServerResponse['write'];
  const ended = new Promise<void>((resolve) => {
    res.end = ((chunk?: Buffer | string) => {
      if (chunk) chunks.push(Buffer.from(chunk));
      res.emit('finish');
      resolve();
      return res;
    }) as ServerResponse['end'];
  });
  listener(req, res);
  await ended;
  return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
}

describe('withHealthAndLogging', () => {
  let logs: Lines;
  let ready: boolean;
  let status: number;

  /** The handler in front of a simulator answering `status`, logging at `level`. */
  function listenerAt(level: 'debug' | 'info'): RequestListener {
    const api: RequestListener = (_req, res) => {
      res.statusCode = status;
      res.end('{}');
    };
    return withHealthAndLogging(
      'stripe',
      api,
      { isReady: () => ready },
      createSimulatorLogger({ LOG_LEVEL: level, LOG_FORMAT: 'json' }, logs),
    );
  }

  beforeEach(() => {
    logs = new Lines();
    ready = true;
    status = 201;
  });

  it('answers liveness and readiness without logging them', async () => {
    const listener = listenerAt('debug');
    expect(await invoke(listener, 'GET', '/health/live')).toEqual({
      status: 200,
      body: '{"status":"ok"}',
    });
    expect((await invoke(listener, 'GET', '/health/ready')).status).toBe(200);
    ready = false;
    expect(await invoke(listener, 'GET', '/health/ready')).toEqual({
      status: 503,
      body: '{"status":"shutting_down"}',
    });
    expect(logs.entries).toEqual([]);
  });

  it('passes everything else to the simulator and logs it at debug without the query string', async () => {
    expect((await invoke(listenerAt('debug'), 'GET', '/v1/customers?email=a@b.c')).status).toBe(
      201,
    );
    expect(logs.entries).toEqual([
      expect.objectContaining({
        level: 'debug',
        msg: 'request',
        simulator: 'stripe',
        method: 'GET',
        path: '/v1/customers',
        status: 201,
      }),
    ]);
    expect(JSON.stringify(logs.entries)).not.toContain('a@b.c');
  });

  it('keeps routine requests out of the default level but shows a 5xx as a warning', async () => {
    const listener = listenerAt('info');
    await invoke(listener, 'GET', '/v1/customers');
    status = 500;
    await invoke(listener, 'POST', '/v1/customers');
    expect(logs.entries).toEqual([
      expect.objectContaining({
        level: 'warn',
        method: 'POST',
        path: '/v1/customers',
        status: 500,
      }),
    ]);
  });
});

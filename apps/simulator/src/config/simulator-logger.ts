import { createRequire } from 'node:module';

import pino, { DestinationStream, Logger } from 'pino';

import { SimulatorConfig } from './simulator.env';

type PinoPretty = typeof import('pino-pretty');

/** JSON lines on stdout; pretty lines when LOG_PRETTY is set (local development only). */
export function createSimulatorLogger(
  config: Pick<SimulatorConfig, 'LOG_LEVEL' | 'LOG_PRETTY'>,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.LOG_LEVEL,
    base: { service: 'simulator', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: {
      paths: ['req.headers.authorization', '*.authorization', '*.key'],
      censor: '[redacted]',
    },
  };
  if (destination) return pino(options, destination);
  if (!config.LOG_PRETTY) return pino(options, pino.destination({ dest: 1, sync: true }));
  // pino-pretty is a development dependency: loaded only when asked for.
  const pretty = createRequire(__filename)('pino-pretty') as PinoPretty;
  return pino(
    options,
    pretty.build({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l' }),
  );
}

import { OneLineDestination } from '@concord/observability';
import pino, { DestinationStream, Logger } from 'pino';

import { SimulatorConfig } from './simulator.env';

/** JSON lines on stdout; one readable line per event with LOG_FORMAT=pretty (a terminal). */
export function createSimulatorLogger(
  config: Pick<SimulatorConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>,
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
  const stdout = pino.destination({ dest: 1, sync: true });
  if (config.LOG_FORMAT === 'json') return pino(options, stdout);
  return pino(options, new OneLineDestination(stdout, { colors: process.stdout.isTTY === true }));
}

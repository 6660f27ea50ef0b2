import { LoggerService } from '@nestjs/common';

import { ConcordNestLogger } from './concord-nest-logger';

function recorder(): { service: LoggerService; calls: Array<[string, unknown[]]> } {
  const calls: Array<[string, unknown[]]> = [];
  const at =
    (level: string) =>
    (...args: unknown[]): void => {
      calls.push([level, args]);
    };
  return {
    calls,
    service: {
      log: at('info'),
      debug: at('debug'),
      verbose: at('verbose'),
      warn: at('warn'),
      error: at('error'),
      fatal: at('fatal'),
    },
  };
}

describe('ConcordNestLogger', () => {
  it("lowers Nest's module-loading and route-mapping lines to debug", () => {
    const { service, calls } = recorder();
    const logger = new ConcordNestLogger(service);
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/v1/customers, GET} route', 'RouterExplorer');
    logger.log('CustomersController {/v1/customers}:', 'RoutesResolver');
    logger.log('Starting Nest application...', 'NestFactory');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(calls.map(([level]) => level)).toEqual(['debug', 'debug', 'debug', 'debug', 'debug']);
    expect(calls[1]).toEqual(['debug', ['Mapped {/v1/customers, GET} route', 'RouterExplorer']]);
  });

  it("keeps the app's own lines and every warning and error, Nest's included, at their level", () => {
    const { service, calls } = recorder();
    const logger = new ConcordNestLogger(service);
    logger.log('catalog-service listening on http://0.0.0.0:3000', 'Bootstrap');
    logger.log({ config: {} });
    logger.warn('deprecated option', 'InstanceLoader');
    logger.error('boom', 'stack', 'NestApplication');
    expect(calls.map(([level, args]) => [level, args[args.length - 1]])).toEqual([
      ['info', 'Bootstrap'],
      ['info', { config: {} }],
      ['warn', 'InstanceLoader'],
      ['error', 'NestApplication'],
    ]);
  });
});

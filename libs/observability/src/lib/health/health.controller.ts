import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';

import { Public } from '../access/public-route';
import { HealthRegistry, ReadinessReport } from './health-registry.service';

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** The process runs and serves HTTP: nothing else is checked, so a busy dependency never gets it restarted. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every registered check passes, else 503 naming the failing ones. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessReport> {
    const report = await this.registry.run();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}

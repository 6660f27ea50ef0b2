import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';

import { Public } from '../access/public-route';
import { MetricsService } from './metrics.service';

@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type(this.metrics.contentType);
    return this.metrics.metrics();
  }
}

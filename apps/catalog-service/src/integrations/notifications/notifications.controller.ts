import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../../auth/principal';
import { NotificationWebhookDto } from './notification.dto';
import { NotificationsService, type NotificationWebhookView } from './notifications.service';

/** The tenant's signed webhook for "a connection paused / needs attention" (admin scope). */
@ApiTags('notifications')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/notifications/webhook')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Returns the signing secret once; later reads show only the URL. */
  @Put()
  @HttpCode(200)
  register(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Body() dto: NotificationWebhookDto,
  ): Promise<NotificationWebhookView & { secret: string }> {
    return this.notifications.register(principal.apiKeyId, principal.tenantId, dto.url);
  }

  @Get()
  get(@CurrentPrincipal() principal: ApiKeyPrincipal): Promise<NotificationWebhookView> {
    return this.notifications.get(principal.tenantId);
  }

  @Delete()
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: ApiKeyPrincipal): Promise<void> {
    await this.notifications.remove(principal.apiKeyId, principal.tenantId);
  }
}

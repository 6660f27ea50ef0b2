import { Module } from '@nestjs/common';

import { AuditModule } from '../../audit/audit.module';
import { secretsKeyRingProvider } from '../secrets-key-ring';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AuditModule],
  controllers: [NotificationsController],
  providers: [secretsKeyRingProvider, NotificationsService, NotificationDispatcher],
  exports: [NotificationsService],
})
export class NotificationsModule {}

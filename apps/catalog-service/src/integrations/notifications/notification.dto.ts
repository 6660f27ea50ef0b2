import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class NotificationWebhookDto {
  @ApiProperty({ example: 'https://ops.example.com/concord-webhook', maxLength: 2048 })
  @IsString()
  @Length(1, 2048)
  url!: string;
}

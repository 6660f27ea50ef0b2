import { NotFoundError, NotFoundErrorCode } from '@concord/errors';
import { isUuid } from '@concord/model';
import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';

/**
 * Ids in paths are UUIDs. Anything else cannot name a record, so it is simply not found (and
 * never reaches PostgreSQL as an invalid uuid).
 */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUuid(value)) {
      throw new NotFoundError(
        NotFoundErrorCode.RECORD_NOT_FOUND,
        `No ${metadata.data ?? 'record'} with this id`,
      );
    }
    return value.toLowerCase();
  }
}

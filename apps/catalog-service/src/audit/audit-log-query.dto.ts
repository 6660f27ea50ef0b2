import { PageQueryDto } from '../records/page-query.dto';

/** The audit log is paged like every list (newest first); it has no filters of its own. */
export class AuditLogQueryDto extends PageQueryDto {}

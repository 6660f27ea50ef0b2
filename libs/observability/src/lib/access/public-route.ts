import { SetMetadata } from '@nestjs/common';

/** Metadata key read by an app's authentication guard (see `Public`). */
export const PUBLIC_ROUTE = 'concord:public-route';

/**
 * Marks a controller or handler as reachable without credentials: health, metrics, API docs and
 * signed webhook receivers. Guards deny by default, so every route without this marker needs a
 * principal, whatever its path.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

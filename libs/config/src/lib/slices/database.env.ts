import { url } from '../fields/url.field';
import { defineEnv } from '../load-env';

/** PostgreSQL; when unset the app finds a local or embedded server (see libs/database). */
export const databaseEnv = defineEnv({
  DATABASE_URL: url({ protocols: ['postgres:', 'postgresql:'], optional: true }),
});

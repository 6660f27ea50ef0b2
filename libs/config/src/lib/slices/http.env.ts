import { port } from '../fields/int.field';
import { str } from '../fields/str.field';
import { defineEnv } from '../load-env';

/** The HTTP listener. Apps override PORT's default with their own port. */
export const httpEnv = defineEnv({
  PORT: port({ default: 3000 }),
  HOST: str({ default: '127.0.0.1' }),
});

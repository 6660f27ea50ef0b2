import { OutboundUrlPolicy } from '@concord/auth';
import { isConcordError, ValidationError, ValidationErrorCode } from '@concord/errors';

function invalidUrl(message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, `Invalid webhook URL: ${message}`, [
    { field: 'url', message },
  ]);
}

/**
 * Checks a tenant's notification URL: any public http(s) host the tenant names (it is the only
 * host on the allow-list), never loopback, private, link-local or metadata addresses, except an
 * exact `host:port` listed in NOTIFICATION_ALLOWED_LOOPBACK. Resolves to the URL to call.
 */
export async function checkNotificationUrl(
  url: string,
  allowedLoopback: readonly string[],
): Promise<URL> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw invalidUrl('not a valid URL');
  }
  if (host === '') throw invalidUrl('no host');
  try {
    const policy = new OutboundUrlPolicy({
      allowedHosts: [host],
      allowedLoopback,
    });
    return (await policy.assertAllowed(url)).url;
  } catch (error) {
    if (isConcordError(error) && error.category === 'forbidden') {
      throw invalidUrl(error.message);
    }
    if (error instanceof ValidationError) throw invalidUrl('host not allowed');
    throw error;
  }
}

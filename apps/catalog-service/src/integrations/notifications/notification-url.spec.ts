import { notificationBackoffMs } from './notification-dispatcher.service';
import { checkNotificationUrl } from './notification-url';

describe('notification webhook URLs', () => {
  it('accepts a public https URL', async () => {
    expect(String(await checkNotificationUrl('https://93.184.216.34/hooks', []))).toBe(
      'https://93.184.216.34/hooks',
    );
  });

  it('accepts a public IPv6 literal, and refuses loopback and link-local IPv6', async () => {
    expect(String(await checkNotificationUrl('https://[2606:4700::1111]/hooks', []))).toBe(
      'https://[2606:4700::1111]/hooks',
    );
    for (const url of ['http://[::1]/hook', 'http://[fe80::1]/hook', 'http://[::ffff:7f00:1]/']) {
      await expect(checkNotificationUrl(url, [])).rejects.toMatchObject({
        message: expect.stringMatching(/loopback|link-local|address/),
      });
    }
  });

  it('refuses loopback, private and metadata addresses, credentials and other schemes', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://10.0.0.5/hook',
      'http://169.254.169.254/latest',
      'http://localhost/hook',
      'https://user:pass@93.184.216.34/hook',
      'ftp://93.184.216.34/hook',
      'not a url',
    ]) {
      await expect(checkNotificationUrl(url, [])).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        fields: [expect.objectContaining({ field: 'url' })],
      });
    }
  });

  it('allows a loopback host:port only when it is listed', async () => {
    await expect(
      checkNotificationUrl('http://127.0.0.1:9999/hook', ['127.0.0.1:9999']),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkNotificationUrl('http://127.0.0.1:9998/hook', ['127.0.0.1:9999']),
    ).rejects.toThrow();
  });

  it('backs off exponentially, capped at five minutes', () => {
    expect([1, 2, 3, 4].map(notificationBackoffMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(notificationBackoffMs(30)).toBe(300_000);
  });
});

import { ConfigError, loadConfig } from '@mm/core';
import { isPublicAddress, urlProblem } from './ssrf-guard';

describe('webhook configuration', () => {
  it('defaults to the published schedule and window, private targets refused', () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivateTargets: false,
      timeoutMs: 10_000,
      retryScheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000],
      disableAfterMs: 3 * 24 * 3600 * 1000,
    });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_SCHEDULE_MS: '100, 200' }).webhooks).toMatchObject({ allowPrivateTargets: true, retryScheduleMs: [100, 200] });
  });

  it.each([
    ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'maybe'],
    ['WEBHOOK_RETRY_SCHEDULE_MS', '5s,10s'],
    ['WEBHOOK_RETRY_SCHEDULE_MS', '0'],
    ['WEBHOOK_TIMEOUT_MS', '10'],
    ['WEBHOOK_DISABLE_AFTER_MS', 'forever'],
  ])('stops the boot on %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('SSRF guard', () => {
  it('calls only public unicast addresses', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700::1111']) expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: true });
    const refused = ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.1.1.1', 'not-an-ip'];
    for (const address of refused) expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: false });
  });

  it('checks a URL when it is saved: scheme, credentials, literal and localhost addresses', () => {
    expect(urlProblem('https://partner.example.com/hooks', false)).toBeNull();
    expect(urlProblem('http://127.0.0.1:8080/x', true)).toBeNull();
    expect(urlProblem('http://127.0.0.1:8080/x', false)).toMatch(/private/);
    expect(urlProblem('http://LOCALHOST/x', false)).toMatch(/private/);
    expect(urlProblem('http://[::ffff:7f00:1]/x', false)).toMatch(/private/);
    expect(urlProblem('file:///etc/passwd', false)).toMatch(/http/);
    expect(urlProblem('https://a:b@example.com/', false)).toMatch(/credentials/);
    expect(urlProblem('example.com/hooks', false)).toMatch(/absolute/);
  });
});

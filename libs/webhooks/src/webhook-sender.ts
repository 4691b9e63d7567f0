import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { BlockedAddressError, guardedLookup, isPublicAddress } from './ssrf-guard';

/** What a receiver answered: a status (anything but 2xx is a failure; redirects are not followed), or the error that stopped the attempt. */
export type SendOutcome = { status: number; error: null } | { status: null; error: string };

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** The most of a response body that is read; the rest is dropped with the connection. */
  maxResponseBytes: number;
  /** The resolver behind the guard (tests give one that answers what they need). */
  resolve?: Parameters<typeof guardedLookup>[1];
}

/**
 * POSTs one signed delivery. Every address the host resolves to is checked
 * when the socket connects (guardedLookup); a literal IP is checked here, as
 * sockets do not look literals up. A 2xx within `timeoutMs` (response read
 * to at most `maxResponseBytes`) is success.
 */
export function sendWebhook(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    // eslint-disable-next-line prefer-const -- assigned below; a refused literal address settles before it exists
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !options.allowPrivate && !isPublicAddress(host)) return settle({ status: null, error: new BlockedAddressError(host).message });
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'mm-support-webhooks/1', ...headers },
      lookup: guardedLookup(options.allowPrivate, options.resolve),
      agent: false,
    });
    timer = setTimeout(() => {
      settle({ status: null, error: `No answer within ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) => settle({ status: null, error: error.message.slice(0, 500) }));
    request.on('response', (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= options.maxResponseBytes) {
          settle({ status: response.statusCode ?? 0, error: null });
          response.destroy();
        }
      });
      response.on('end', () => settle({ status: response.statusCode ?? 0, error: null }));
      response.on('error', (error) => settle({ status: null, error: error.message.slice(0, 500) }));
    });
    request.end(body);
  });
}

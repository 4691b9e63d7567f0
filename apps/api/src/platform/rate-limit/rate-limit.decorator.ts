import { ExecutionContext, SetMetadata } from '@nestjs/common';

export const RATE_LIMIT_BUCKET = 'mm:rate-limit-bucket';

/** Stricter limits on top of the general ones; `login` = per email and per IP (config.rateLimit.loginPerWindow). */
export type RateLimitBucket = 'login';

export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(RATE_LIMIT_BUCKET, bucket);

export function bucketOf(context: ExecutionContext): RateLimitBucket | undefined {
  return Reflect.getMetadata(RATE_LIMIT_BUCKET, context.getHandler()) as RateLimitBucket | undefined;
}

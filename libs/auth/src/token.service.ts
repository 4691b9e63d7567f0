import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig, ConfigError, ROLES, Role } from '@mm/core';
import { Permission, PERMISSIONS } from './permissions';

export interface TokenClaims {
  /** User id, or `service:<name>` for a service token; in an MM identity token (RS256) a customer's MM customer id. */
  sub: string;
  /** Who issued it: this service (HS256) or the MM identity service (RS256). */
  issuedBy: 'support' | 'mm-identity';
  role: Role;
  permissions?: Permission[];
  exp: number;
}

/** A token that failed verification; the guard answers 401. */
export class InvalidTokenError extends Error {}

const SERVICE_TOKEN_LIFETIME_SECONDS = 365 * 24 * 3600;

/**
 * Issues HS256 tokens and verifies HS256 (JWT_SECRET) or RS256 (JWT_PUBLIC_KEY,
 * tokens of the MM identity service). Each key is pinned to its algorithm:
 * `alg: none`, an HS256 token signed with the public key, or any other
 * algorithm is refused. `exp` is required.
 */
@Injectable()
export class TokenService {
  /**
   * The keys as KeyObjects, made once. Given a string, jsonwebtoken rebuilds the
   * key on every call (first trying, and failing, to read the secret as a public
   * key): that was a sixth of the service's CPU under load (docs/benchmarks.md).
   */
  private readonly secretKey: KeyObject;
  private readonly publicKey?: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secretKey = createSecretKey(Buffer.from(config.jwt.secret));
    if (config.jwt.publicKey) {
      try {
        this.publicKey = createPublicKey(config.jwt.publicKey);
      } catch {
        throw new ConfigError('JWT_PUBLIC_KEY', 'is not a valid PEM public key');
      }
    }
  }

  get expiresInSeconds(): number {
    return this.config.jwt.expiresInSeconds;
  }

  signUser(user: { id: number; role: Role }): string {
    return this.sign({ sub: String(user.id), role: user.role }, this.config.jwt.expiresInSeconds);
  }

  signService(name: string): string {
    return this.sign({ sub: `service:${name}`, role: 'service' }, SERVICE_TOKEN_LIFETIME_SECONDS);
  }

  private sign(claims: { sub: string; role: Role }, expiresIn: number): string {
    const { issuer, audience } = this.config.jwt;
    return this.jwt.sign(claims, {
      secret: asSecret(this.secretKey),
      algorithm: 'HS256',
      expiresIn,
      ...(issuer ? { issuer } : {}),
      ...(audience ? { audience } : {}),
    });
  }

  verify(token: string): TokenClaims {
    const { issuer, audience } = this.config.jwt;
    let header: { alg?: unknown } | undefined;
    try {
      header = this.jwt.decode<{ header?: { alg?: unknown } } | null>(token, { complete: true })?.header;
    } catch {
      throw new InvalidTokenError('malformed token');
    }
    let key: KeyObject;
    let algorithm: 'HS256' | 'RS256';
    if (header?.alg === 'HS256') [key, algorithm] = [this.secretKey, 'HS256'];
    else if (header?.alg === 'RS256' && this.publicKey) [key, algorithm] = [this.publicKey, 'RS256'];
    else throw new InvalidTokenError(`unsupported token algorithm ${String(header?.alg ?? 'unknown')}`);

    let payload: unknown;
    try {
      payload = this.jwt.verify(token, {
        ...(algorithm === 'HS256' ? { secret: asSecret(key) } : { publicKey: asSecret(key) }),
        algorithms: [algorithm],
        ...(issuer ? { issuer } : {}),
        ...(audience ? { audience } : {}),
      });
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
    return { ...this.claimsFrom(payload), issuedBy: algorithm === 'RS256' ? 'mm-identity' : 'support' };
  }

  private claimsFrom(payload: unknown): Omit<TokenClaims, 'issuedBy'> {
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new InvalidTokenError('token payload is not an object');
    const { sub, role, permissions, exp } = payload as Record<string, unknown>;
    if (typeof exp !== 'number') throw new InvalidTokenError('token has no exp');
    if ((typeof sub !== 'string' && typeof sub !== 'number') || String(sub) === '') throw new InvalidTokenError('token has no sub');
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('token has no valid role');
    if (permissions !== undefined && !Array.isArray(permissions)) throw new InvalidTokenError('token permissions must be a list');
    // Permissions of other MM services mean nothing here; the claim still limits the token to the ones we know.
    const known = permissions?.filter((p): p is Permission => (PERMISSIONS as readonly unknown[]).includes(p));
    return { sub: String(sub), role: role as Role, permissions: known, exp };
  }
}

/** @nestjs/jwt hands its key straight to jsonwebtoken, which takes a KeyObject; only its per-call option type is narrower. */
function asSecret(key: KeyObject): string {
  return key as unknown as string;
}

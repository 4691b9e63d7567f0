import { Actor } from '@mm/core';
import { TokenService, User } from '@mm/auth';
import { MeResponseDto, TokenResponseDto } from './dto/auth-responses.dto';

export function tokenResponse(tokens: TokenService, user: User): TokenResponseDto {
  return {
    accessToken: tokens.signUser(user),
    tokenType: 'Bearer',
    expiresIn: tokens.expiresInSeconds,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  };
}

/** The caller's own account; `permissions` are the token's effective ones. */
export function meResponse(user: User, actor: Actor): MeResponseDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    phone: user.phone,
    locale: user.locale,
    approved: user.role !== 'agent' || user.approvedAt !== null,
    approvedAt: user.approvedAt?.toISOString() ?? null,
    permissions: [...actor.permissions].sort(),
    createdAt: user.createdAt.toISOString(),
  };
}

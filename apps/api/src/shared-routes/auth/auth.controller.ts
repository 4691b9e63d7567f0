import { Body, Controller, Get, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RequestContext } from '@mm/core';
import { Access, AccountsService, Ctx, Public, TokenService } from '@mm/auth';
import { RateLimit } from '../../platform/rate-limit/rate-limit.decorator';
import { meResponse, tokenResponse } from './auth.presenter';
import { MeResponseDto, TokenResponseDto } from './dto/auth-responses.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';

export const INVALID_CREDENTIALS = 'Invalid credentials';

const VALIDATION_EXAMPLE = { error: 'Validation failed', errors: { email: ['A user with this email already exists.'] } };

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokenService,
  ) {}

  @Post('register')
  @Public()
  @ApiOperation({ summary: 'Register a customer account and get a token', description: 'Customers only: agents use POST /api/support/register-agent/.' })
  @ApiCreatedResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid field, or the email is taken (case-insensitive)', schema: { example: VALIDATION_EXAMPLE } })
  async register(@Body() body: RegisterDto): Promise<TokenResponseDto> {
    const user = await this.accounts.registerCustomer(body);
    return tokenResponse(this.tokens, user);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @ApiOperation({ summary: 'Sign in with email and password', description: 'Limited per email and per IP (429 with Retry-After).' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({ schema: { example: { error: 'Validation failed', errors: { password: ['password should not be empty'] } } } })
  @ApiUnauthorizedResponse({ description: 'Unknown email or wrong password (never says which)', schema: { example: { error: INVALID_CREDENTIALS } } })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this email or from this IP', schema: { example: { error: 'Too many requests, please retry later' } } })
  async login(@Body() body: LoginDto): Promise<TokenResponseDto> {
    const user = await this.accounts.authenticate(body.email, body.password);
    if (!user) throw new UnauthorizedException(INVALID_CREDENTIALS);
    return tokenResponse(this.tokens, user);
  }

  @Get('me')
  @Access({ roles: ['customer', 'agent', 'admin'], requireApproval: false })
  @ApiOperation({ summary: 'The account of the token', description: 'Works for an agent awaiting approval; `approved` tells.' })
  @ApiOkResponse({ type: MeResponseDto })
  async me(@Ctx() ctx: RequestContext): Promise<MeResponseDto> {
    const user = await this.accounts.findUser(ctx.actor.id);
    // The guard just loaded this user; it can only be gone if deleted in between.
    if (!user) throw new UnauthorizedException('Unauthorized');
    return meResponse(user, ctx.actor);
  }
}

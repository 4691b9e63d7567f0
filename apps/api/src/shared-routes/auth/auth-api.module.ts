import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { AuthController } from './auth.controller';
import { defaultFormatErrorRenderer } from './default-format.errors';
import { StartupAdmin } from './startup-admin';

/** /api/auth: register, login, me; and the first admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
@Module({
  controllers: [AuthController],
  providers: [StartupAdmin],
})
export class AuthApiModule implements OnModuleInit {
  constructor(private readonly renderers: ErrorRendererRegistry) {}

  onModuleInit(): void {
    this.renderers.register(['/api/auth'], defaultFormatErrorRenderer);
  }
}

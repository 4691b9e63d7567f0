import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access.guard';
import { AccountsService } from './accounts.service';
import { TokenService } from './token.service';
import { User } from './user.entity';

@Global()
@Module({
  imports: [JwtModule.register({}), TypeOrmModule.forFeature([User])],
  providers: [TokenService, AccountsService, AccessGuard, { provide: APP_GUARD, useExisting: AccessGuard }],
  exports: [TokenService, AccountsService, AccessGuard, TypeOrmModule],
})
export class AuthModule {}

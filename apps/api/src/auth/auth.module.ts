import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { DevLoginGuard } from './dev-login.guard';
import { InternalTokenGuard } from './internal-token.guard';
import { JwtAuthGuard } from './jwt-auth.guard';
import { TokenService } from './token.service';

/**
 * Global because every feature's controllers use its guards; the guards need only AuthService and
 * ApiConfig, so no feature has to import the user store to authenticate.
 */
@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [TokenService, AuthService, JwtAuthGuard, InternalTokenGuard, DevLoginGuard],
  exports: [TokenService, AuthService, JwtAuthGuard, InternalTokenGuard],
})
export class AuthModule {}

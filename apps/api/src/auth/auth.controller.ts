import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { type LoginResponse, validate } from '@app/shared';
import { validated } from '../common/contract-validation.pipe';
import { AuthService } from './auth.service';
import { DevLoginGuard } from './dev-login.guard';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @UseGuards(DevLoginGuard)
  @HttpCode(201)
  login(@Body(validated(validate.loginBody)) body: { username: string }): Promise<LoginResponse> {
    return this.auth.login(body.username);
  }
}

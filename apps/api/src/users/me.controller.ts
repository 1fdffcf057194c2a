import { Controller, Get, UseGuards } from '@nestjs/common';
import type { MeResponse, UserSummary } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { UsersService } from './users.service';

@Controller('me')
@UseGuards(JwtAuthGuard)
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  me(@CurrentUser() user: UserSummary): Promise<MeResponse> {
    return this.users.getMe(user);
  }
}

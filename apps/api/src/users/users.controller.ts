import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { type UserSummary, validate } from '@app/shared';
import { validated } from '../common/contract-validation.pipe';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { UsersService } from './users.service';

/** Lets a client turn a username into the id that the member routes take. */
@Controller('users')
@UseGuards(JwtAuthGuard)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('by-username/:username')
  byUsername(@Param('username', validated(validate.username)) username: string): Promise<UserSummary> {
    return this.users.requireByUsername(username);
  }
}

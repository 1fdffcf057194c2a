import { Module } from '@nestjs/common';
import { ApiClient } from './api-client.service';

@Module({ providers: [ApiClient], exports: [ApiClient] })
export class ApiClientModule {}

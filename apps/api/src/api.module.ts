import { Module } from '@nestjs/common';
import { SwitchyardConfigModule } from '@switchyard/config';
import { HealthController } from './health/health.controller';

@Module({
  imports: [SwitchyardConfigModule],
  controllers: [HealthController],
})
export class ApiModule {}

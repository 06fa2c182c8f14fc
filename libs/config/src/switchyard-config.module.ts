import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateSwitchyardConfig } from './switchyard-config';

/**
 * @nestjs/config, global, validated at start: a malformed AMQP_URL, RABBITMQ_MANAGEMENT_URL or MONGO_URL
 * stops the app with an error naming the variable.
 */
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateSwitchyardConfig })],
  exports: [ConfigModule],
})
export class SwitchyardConfigModule {}

import type { Command } from 'commander';
import { assertServicesReachable, validateSwitchyardConfig } from '@switchyard/config';

/** `switchyard config check`: validates the environment and probes the broker and the database. */
export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('inspect the environment configuration');
  config
    .command('check')
    .description('validate AMQP_URL, RABBITMQ_MANAGEMENT_URL and MONGO_URL and check both services answer')
    .action(async () => {
      const cfg = validateSwitchyardConfig(process.env);
      await assertServicesReachable(cfg);
      process.stdout.write('configuration ok: broker and database answer\n');
    });
}

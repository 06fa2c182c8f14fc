import { Command } from 'commander';
import { COMMANDS } from './commands';

/** Builds the `switchyard` command tree. Each command group lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('switchyard')
    .description(
      'Switchyard: domain events across service boundaries through RabbitMQ, event-sourced on MongoDB',
    )
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

import type { Command } from 'commander';
import { registerConfigCommand } from './config.command';
import { registerDlqCommand } from './dlq.command';
import { registerEventsCommand } from './events.command';
import { registerProjectionsCommand } from './projections.command';
import { registerTopologyCommand } from './topology.command';

/** Every command group of the CLI; add a group by adding its `register` here. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerConfigCommand,
  registerTopologyCommand,
  registerDlqCommand,
  registerEventsCommand,
  registerProjectionsCommand,
];

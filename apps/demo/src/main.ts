import 'reflect-metadata';
import { resolve } from 'node:path';
import { CommanderError } from 'commander';
import { parseDemoOptions } from './demo-options';
import { runDemo } from './run/run-demo';

/** `npm run demo`: exit 0 only when the run reconciles (see run-demo.ts). */
async function main(): Promise<number> {
  let options;
  try {
    options = parseDemoOptions(process.argv.slice(2), process.stderr.isTTY === true);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode !== 0) process.stderr.write(`demo: ${err.message.replace(/^error: /, '')}\n`);
      return err.exitCode === 0 ? 0 : 2;
    }
    throw err;
  }
  return runDemo(options, resolve(__dirname, '../../..'));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

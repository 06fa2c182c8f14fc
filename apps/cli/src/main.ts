import 'reflect-metadata';
import { CommanderError } from 'commander';
import { buildProgram } from './program';

/** Runs the CLI: known errors become one line on stderr and a non-zero exit, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const e = err as { message?: string; code?: string; exitCode?: number };
    process.stderr.write(`switchyard: ${e.message ?? String(err)}\n`);
    return typeof e.exitCode === 'number' ? e.exitCode : 1;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => process.exit(code));
}

/**
 * `gennaker` command dispatch: `gennaker <group> <command> [args]`, one module per command.
 * Returns the exit code instead of exiting, so it can be driven from tests.
 */

import { canaryJudgeCommand } from './canary-judge';

/** Where a command reads and writes. */
export interface CliIo {
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** One subcommand: its one-line synopsis and its implementation. */
export interface CliCommand {
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by all commands. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

const commands: Record<string, Record<string, CliCommand>> = {
  canary: { judge: canaryJudgeCommand },
};

export function usage(): string {
  const lines = ['Usage: gennaker <command>', '', 'Commands:'];
  for (const group of Object.values(commands)) {
    for (const command of Object.values(group)) lines.push(`  ${command.usage.padEnd(34)} ${command.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [groupName, commandName, ...rest] = args;
  if (groupName === undefined || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    io.stdout(usage());
    return ExitCode.ok;
  }
  const group = commands[groupName];
  const command = group && commandName !== undefined ? group[commandName] : undefined;
  if (!command) {
    io.stderr(`gennaker: unknown command "${[groupName, commandName].filter(Boolean).join(' ')}"\n\n${usage()}`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: gennaker ${command.usage}\n\n${command.summary}\n`);
    return ExitCode.ok;
  }
  return command.run(rest, io);
}

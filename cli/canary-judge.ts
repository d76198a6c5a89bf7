/**
 * `gennaker canary judge [FILE]`: judges a canary request (`{canaryConfig, metricSetPairList,
 * scoreThresholds, sequential?}`, from FILE or standard input) and prints the judge result JSON.
 * Input that does not parse or validate exits with code 2, naming each bad field by JSON path.
 */

import { judge, validateJudgeRequest, type CanaryJudgeRequest } from '../canary';
import { ExitCode, type CliCommand, type CliIo } from './run';

async function run(args: string[], io: CliIo): Promise<number> {
  if (args.length > 1) {
    io.stderr(`gennaker canary judge: expected at most one FILE, got ${args.length} arguments\n`);
    return ExitCode.usage;
  }
  const source = args[0] ?? '-';
  const label = source === '-' ? 'standard input' : source;

  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : await io.readFile(source);
  } catch (error) {
    io.stderr(`gennaker canary judge: cannot read ${label}: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.usage;
  }

  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    io.stderr(`gennaker canary judge: ${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.usage;
  }

  const problems = validateJudgeRequest(input);
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.path || '(request)'}: ${p.message}`);
    io.stderr(`gennaker canary judge: invalid request in ${label}:\n${lines.join('\n')}\n`);
    return ExitCode.usage;
  }

  const result = judge(input as CanaryJudgeRequest);
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return ExitCode.ok;
}

export const canaryJudgeCommand: CliCommand = {
  usage: 'canary judge [FILE]',
  summary: 'Judge a canary request (JSON from FILE or stdin) and print the result JSON',
  run,
};

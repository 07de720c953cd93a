import { ChainError } from '@subnetkit/chain';
import { RpcClientError } from '@subnetkit/chain/rpc';
import { ConfigError } from '@subnetkit/core';
import { metagraphCommand } from './commands/metagraph';
import { CliError, type CliIo, EXIT, processIo } from './io';

interface Command {
  summary: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** btcli's command groups arrive here one by one; each is a file under commands/. */
const COMMANDS: Record<string, Command> = {
  metagraph: { summary: "Show a subnet's metagraph (table, or --json).", run: metagraphCommand },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
  return `Usage: subnetkit <command> [options]

Commands:
${lines.join('\n')}

Run subnetkit <command> --help for a command's options. Options also come from BT_* environment
variables (BT_SUBTENSOR_CHAIN_ENDPOINT, BT_NETUID …) and --config FILE.

Exit codes: 0 ok, 1 the chain refused or could not be reached, 2 bad usage.
`;
}

/** Routes `subnetkit <command> …`; resolves the exit code. Every failure is one line on stderr. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`subnetkit: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    io.stderr(`subnetkit ${name}: ${messageOf(err)}\n`);
    return err instanceof CliError ? err.exitCode : err instanceof ConfigError ? EXIT.usage : EXIT.failed;
  }
}

function messageOf(err: unknown): string {
  if (err instanceof ConfigError) return `${err.message}`;
  if (err instanceof RpcClientError && err.code === 'ConnectionLost') {
    return 'the chain node went away before it answered; check that it is running, then retry';
  }
  if (err instanceof CliError || err instanceof ChainError || err instanceof RpcClientError)
    return err.message;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * The command line, read with node:util's parseArgs: `psrp COMMAND [options] [arguments]`. Every mistake is a
 * CliUsageError that says what to write instead; nothing here touches the network or the file system.
 */
import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-usage-error.js';
import { parsePort, splitHostList, type TargetDefaults, type TransportKind } from './targets.js';
import type { CommandName } from './usage.js';

export interface ConnectionOptions {
  /** Target entries from -H and the positional TARGET of `enter`, in order. */
  readonly targets: readonly string[];
  readonly hostsFile: string | null;
  readonly defaults: TargetDefaults;
  readonly user: string | null;
  readonly auth: string | null;
  readonly passwordFile: string | null;
  readonly identityFile: string | null;
  readonly acceptNewHostKey: boolean;
  /** SSH: the known_hosts file (default ~/.ssh/known_hosts). */
  readonly knownHostsFile: string | null;
  readonly configuration: string | null;
  /** WinRM Basic over plain http (the password goes in clear). */
  readonly allowUnencrypted: boolean;
}

export type ScriptSource = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin' };

export type OutputMode = 'human' | 'json' | 'ndjson' | 'clixml';

export interface InvokeCommand {
  readonly command: 'invoke';
  readonly connection: ConnectionOptions;
  readonly script: ScriptSource;
  readonly args: readonly string[];
  readonly throttle: number;
  readonly output: OutputMode;
  readonly hideComputerName: boolean;
  readonly noColor: boolean;
}

export interface EnterCommand {
  readonly command: 'enter';
  readonly connection: ConnectionOptions;
  readonly noColor: boolean;
}

export interface TransferCommand {
  readonly command: 'copy' | 'fetch';
  readonly connection: ConnectionOptions;
  readonly source: string;
  readonly destination: string;
  readonly noColor: boolean;
}

export type CliCommand =
  | InvokeCommand
  | EnterCommand
  | TransferCommand
  | { readonly command: 'help'; readonly topic: CommandName | null }
  | { readonly command: 'version' };

const COMMANDS: readonly CommandName[] = ['invoke', 'enter', 'copy', 'fetch'];
/** `run` was this CLI's first name for invoke. */
const ALIASES: Readonly<Record<string, CommandName>> = { run: 'invoke', icm: 'invoke', etsn: 'enter', cp: 'copy' };
export const DEFAULT_THROTTLE = 32;

const OPTIONS = {
  host: { type: 'string', short: 'H', multiple: true },
  'hosts-file': { type: 'string' },
  pwsh: { type: 'string' },
  ssh: { type: 'boolean' },
  transport: { type: 'string' },
  port: { type: 'string', short: 'p' },
  ssl: { type: 'boolean' },
  configuration: { type: 'string' },
  user: { type: 'string', short: 'u' },
  auth: { type: 'string' },
  'password-file': { type: 'string' },
  password: { type: 'string' },
  identity: { type: 'string', short: 'i' },
  'accept-new-host-key': { type: 'boolean' },
  'known-hosts': { type: 'string' },
  'allow-unencrypted': { type: 'boolean' },
  file: { type: 'string' },
  arg: { type: 'string', short: 'a', multiple: true },
  throttle: { type: 'string' },
  json: { type: 'boolean' },
  ndjson: { type: 'boolean' },
  clixml: { type: 'boolean' },
  'hide-computer-name': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  // `wsman` was this CLI's first way to name a WinRM endpoint: an entry like any other.
  wsman: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;
const CONNECTION_OPTIONS: readonly OptionName[] = [
  'host',
  'hosts-file',
  'pwsh',
  'ssh',
  'transport',
  'port',
  'ssl',
  'configuration',
  'user',
  'auth',
  'password-file',
  'password',
  'identity',
  'accept-new-host-key',
  'known-hosts',
  'allow-unencrypted',
  'wsman',
  'no-color',
  'help',
];
const ALLOWED: Readonly<Record<CommandName, readonly OptionName[]>> = {
  invoke: [...CONNECTION_OPTIONS, 'file', 'arg', 'throttle', 'json', 'ndjson', 'clixml', 'hide-computer-name'],
  enter: CONNECTION_OPTIONS,
  copy: CONNECTION_OPTIONS,
  fetch: CONNECTION_OPTIONS,
};

export interface CommandLineContext {
  /** Whether stdin is a terminal: without a script argument, a script is read from stdin only when it is not. */
  readonly stdinIsTerminal: boolean;
}

export function parseCommandLine(argv: readonly string[], context: CommandLineContext): CliCommand {
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help') return { command: 'help', topic: null };
  if (first === '--version' || first === '-V') return { command: 'version' };
  if (first === 'help') return { command: 'help', topic: argv[1] === undefined ? null : commandName(argv[1]) };
  const command = commandName(first);
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new CliUsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', topic: command };
  for (const name of Object.keys(values) as OptionName[]) {
    if (!ALLOWED[command].includes(name)) throw new CliUsageError(`--${name} is not an option of '${command}' (see psrp ${command} --help)`);
  }
  if (values.password !== undefined) {
    throw new CliUsageError('--password is not taken on the command line (it would show in the process list): set PSRP_PASSWORD, use --password-file, or answer the prompt');
  }
  const noColor = values['no-color'] ?? false;
  switch (command) {
    case 'invoke': {
      const { script, rest } = scriptSource(values.file, positionals, context);
      if (rest.length > 0) throw new CliUsageError(`invoke takes one script; quote it (unexpected '${rest[0]}')`);
      const modes = (['json', 'ndjson', 'clixml'] as const).filter((mode) => values[mode]);
      if (modes.length > 1) throw new CliUsageError(`Choose one output format, not --${modes.join(' and --')}`);
      return {
        command,
        connection: connectionOptions(values, []),
        script,
        args: values.arg ?? [],
        throttle: values.throttle === undefined ? DEFAULT_THROTTLE : positiveCount(values.throttle, '--throttle'),
        output: modes[0] ?? 'human',
        hideComputerName: values['hide-computer-name'] ?? false,
        noColor,
      };
    }
    case 'enter': {
      if (positionals.length > 1) throw new CliUsageError(`enter takes one target (unexpected '${positionals[1]}')`);
      return { command, connection: connectionOptions(values, positionals), noColor };
    }
    case 'copy':
    case 'fetch': {
      if (positionals.length !== 2) {
        throw new CliUsageError(
          command === 'copy' ? 'copy takes LOCAL-FILE and REMOTE-PATH' : 'fetch takes REMOTE-FILE and LOCAL-PATH',
        );
      }
      return { command, connection: connectionOptions(values, []), source: positionals[0]!, destination: positionals[1]!, noColor };
    }
  }
}

/** The command argv names, if it names one: for the hint after a usage error. */
export function commandOf(argv: readonly string[]): CommandName | null {
  try {
    return argv[0] === undefined ? null : commandName(argv[0]);
  } catch {
    return null;
  }
}

function commandName(text: string): CommandName {
  const name = (COMMANDS as readonly string[]).includes(text) ? (text as CommandName) : ALIASES[text];
  if (name === undefined) throw new CliUsageError(`Unknown command '${text}': use ${COMMANDS.join(', ')} (psrp --help)`);
  return name;
}

type ParsedValues = { [K in OptionName]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

function scriptSource(
  file: string | undefined,
  positionals: readonly string[],
  context: CommandLineContext,
): { script: ScriptSource; rest: readonly string[] } {
  if (file !== undefined) return { script: { kind: 'file', path: file }, rest: positionals };
  const [first, ...rest] = positionals;
  if (first === '-') return { script: { kind: 'stdin' }, rest };
  if (first !== undefined) {
    if (first.trim() === '') throw new CliUsageError('The script is empty');
    return { script: { kind: 'text', text: first }, rest };
  }
  if (!context.stdinIsTerminal) return { script: { kind: 'stdin' }, rest };
  throw new CliUsageError('invoke needs a script: an argument, --file FILE, or - for stdin');
}

function connectionOptions(values: ParsedValues, positionalTargets: readonly string[]): ConnectionOptions {
  const transportText = values.transport ?? (values.ssh ? 'ssh' : 'wsman');
  if (transportText !== 'wsman' && transportText !== 'ssh') throw new CliUsageError(`--transport takes wsman or ssh, not '${transportText}'`);
  if (values.ssh && values.transport === 'wsman') throw new CliUsageError('--ssh and --transport wsman contradict each other');
  const targets = [
    ...positionalTargets,
    ...splitHostList(values.host ?? []),
    ...(values.wsman !== undefined ? [checkedWsmanUrl(values.wsman)] : []),
    ...(values.pwsh !== undefined ? [`pwsh:${values.pwsh}`] : []),
  ];
  if (targets.length === 0 && values['hosts-file'] === undefined) {
    throw new CliUsageError('Give a target: -H HOST[,HOST...], --hosts-file FILE, or --pwsh PATH');
  }
  return {
    targets,
    hostsFile: values['hosts-file'] ?? null,
    defaults: {
      transport: transportText as TransportKind,
      port: values.port === undefined ? null : parsePort(values.port),
      ssl: values.ssl ?? false,
    },
    user: values.user ?? null,
    auth: values.auth ?? null,
    passwordFile: values['password-file'] ?? null,
    identityFile: values.identity ?? null,
    acceptNewHostKey: values['accept-new-host-key'] ?? false,
    knownHostsFile: values['known-hosts'] ?? null,
    configuration: values.configuration ?? null,
    allowUnencrypted: values['allow-unencrypted'] ?? false,
  };
}

function checkedWsmanUrl(text: string): string {
  if (!/^https?:\/\//i.test(text)) throw new CliUsageError(`--wsman needs an http or https URL such as https://server:5986/wsman, got '${text}'`);
  return text;
}

function positiveCount(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new CliUsageError(`${option} takes a whole number of at least 1, not '${text}'`);
  return value;
}

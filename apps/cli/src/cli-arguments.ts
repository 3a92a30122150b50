/**
 * The command line: `psrp run [target options] <script>`. Parsed with node:util's parseArgs; every mistake
 * is a CliUsageError that says what to write instead.
 */
import { parseArgs } from 'node:util';

export class CliUsageError extends Error {
  readonly code = 'PSRP_CLI_USAGE';
}

export type CliTarget =
  | { readonly kind: 'pwsh'; readonly executable: string }
  | {
      readonly kind: 'wsman';
      readonly endpoint: string;
      readonly username: string | null;
      readonly password: string | null;
      readonly configurationName: string | null;
    };

export interface RunCommand {
  readonly command: 'run';
  readonly target: CliTarget;
  readonly script: string;
  readonly json: boolean;
}

export type CliCommand = RunCommand | { readonly command: 'help' };

export const USAGE = `Usage:
  psrp run --pwsh <path-to-pwsh> <script>          run on a local PowerShell started as 'pwsh -s'
  psrp run --wsman <url> [--user U --password P] [--configuration NAME] <script>
                                                   run over WinRM (http(s)://host:port/wsman)
Options:
  --json      print output objects as JSON lines
  -h, --help  this text
The password may also come from the PSRP_PASSWORD environment variable.`;

export function parseCliArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        pwsh: { type: 'string' },
        wsman: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        configuration: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command !== 'run') throw new CliUsageError(`Unknown command '${command}': only 'run' exists`);
  if (rest.length !== 1) throw new CliUsageError('run takes exactly one script argument; quote it');
  if ((values.pwsh === undefined) === (values.wsman === undefined)) {
    throw new CliUsageError('Give exactly one target: --pwsh <path> or --wsman <url>');
  }
  const target: CliTarget =
    values.pwsh !== undefined
      ? { kind: 'pwsh', executable: values.pwsh }
      : {
          kind: 'wsman',
          endpoint: checkedUrl(values.wsman!),
          username: values.user ?? null,
          password: values.password ?? env.PSRP_PASSWORD ?? null,
          configurationName: values.configuration ?? null,
        };
  return { command: 'run', target, script: rest[0]!, json: values.json ?? false };
}

function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliUsageError(`--wsman needs a URL such as https://server:5986/wsman, got '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliUsageError(`--wsman needs http or https, got ${url.protocol}`);
  return url.href;
}

/**
 * The help text of every command (`psrp --help`, `psrp help invoke`, `psrp invoke --help`).
 */
export type CommandName = 'invoke' | 'enter' | 'copy' | 'fetch';

const TARGETS = `Targets:
  -H, --host LIST        targets, comma-separated (repeatable): [name=]host, user@host:port, ssh://host,
                         wsman://host, https://host:5986/wsman, pwsh:/path/to/pwsh
      --hosts-file FILE  one target per line (# comments)
      --pwsh PATH        a local PowerShell started as 'pwsh -s' (computer name: localhost)
      --ssh              bare host names are SSH targets (--transport ssh); WinRM otherwise
      --transport T      wsman or ssh, for bare host names
  -p, --port N           port for entries that name none (default 5985, 5986 with --ssl, 22 for SSH)
      --ssl              WinRM over https
      --configuration N  WinRM session configuration (JEA endpoint), default Microsoft.PowerShell
      --allow-unencrypted  WinRM Basic over plain http (the password travels in clear)
Credentials:
  -u, --user NAME        user name (WinRM Basic auth, SSH); user@host in an entry wins
      --auth KIND        WinRM authentication: basic (default with a user), ntlm, negotiate, kerberos
      --password-file F  the password is the first line of F
  -i, --identity FILE    SSH private key (default: ssh-agent when SSH_AUTH_SOCK is set)
      --accept-new-host-key  trust and record an SSH host key known_hosts does not know yet
      --known-hosts FILE the SSH known_hosts file (default ~/.ssh/known_hosts)
  The password comes from PSRP_PASSWORD, --password-file, or a prompt on the terminal (no echo); it is
  never accepted on the command line, never printed and never logged.`;

const COMMON = `Other:
      --no-color         no colours (also NO_COLOR=1; never when the output is not a terminal)
  -h, --help             this text`;

export const MAIN_USAGE = `psrp: PowerShell remoting (MS-PSRP) from the command line, over WinRM, SSH or a local pwsh.

Usage:
  psrp invoke [TARGETS] (SCRIPT | --file FILE | -)   run a script on one or many targets
  psrp enter  TARGET                                 an interactive session
  psrp copy   [TARGET] LOCAL-FILE REMOTE-PATH        upload a file (streamed, SHA256 checked)
  psrp fetch  [TARGET] REMOTE-FILE LOCAL-PATH        download a file (streamed, SHA256 checked)
  psrp help COMMAND | psrp COMMAND --help            the options of a command
  psrp --version

Examples:
  psrp invoke -H web1,web2,web3 -u admin 'Get-Service winrm'
  psrp invoke --ssh -H alice@db1,db2 --json 'Get-Process pwsh'
  psrp invoke --hosts-file fleet.txt --throttle 64 --file ./patch.ps1
  psrp enter https://server:5986/wsman -u admin
  psrp enter --pwsh /usr/bin/pwsh

Exit codes: 0 success; 1 the script failed or wrote an error (on some target); 2 bad command line;
3 a target could not be reached or its session broke; 4 a copied file's hash differs; 130 interrupted.`;

const USAGES: Readonly<Record<CommandName, string>> = {
  invoke: `Usage: psrp invoke [TARGETS] [OPTIONS] (SCRIPT | --file FILE | -) [--arg VALUE ...]

Runs a script block on every target, at most --throttle at a time, and prints what comes back. One target
failing does not stop the others; a summary on stderr and the exit code say which failed and why.

Script:
  SCRIPT                 the script text, as Invoke-Command -ScriptBlock
      --file FILE        a local script file's text, as Invoke-Command -FilePath
  -                      the script from stdin (also when no script is given and stdin is not a terminal)
  -a, --arg VALUE        an argument for the script's param() block (repeatable, in order)
      --throttle N       most targets at once (default 32, as -ThrottleLimit)
Output (stdout):
  (default)              tables and lists for people; PSComputerName shown with several targets
      --json             one JSON array; objects keep PSTypeNames, every item has PSComputerName
      --ndjson           one JSON value per line, same shape
      --clixml           a CLIXML document, as Export-Clixml writes (Import-Clixml reads it back)
      --hide-computer-name  no PSComputerName (as -HideComputerName)
  Errors, warnings, verbose, debug and information records (Write-Host) go to stderr; progress is drawn
  as bars when stderr is a terminal.

${TARGETS}
${COMMON}

Exit codes: 0 success; 1 the script failed or wrote an error record on some target; 2 bad command line;
3 some target could not be reached or its session broke (wins over 1); 130 interrupted (Ctrl+C).`,
  enter: `Usage: psrp enter TARGET [OPTIONS]
       psrp enter --pwsh PATH

An interactive session, as Enter-PSSession: the prompt shows the remote computer and location, state stays
between commands, output is formatted by the remote PowerShell. Line editing and history (up/down); Ctrl+C
stops the running command and keeps the session; 'exit' or Ctrl+D leaves. Read-Host, Read-Host
-AsSecureString (no echo), Get-Credential and choice prompts are answered on the terminal.

${TARGETS}
${COMMON}

Exit codes: 0 the session ended; 2 bad command line; 3 the target could not be reached or the session broke.`,
  copy: `Usage: psrp copy [TARGET OPTIONS] LOCAL-FILE REMOTE-PATH

Uploads a file to one target, streamed in chunks through the pipeline's input (memory stays flat for any
size), with a progress bar on a terminal. The file is written next to REMOTE-PATH and moved into place only
when its SHA256 matches the local file's. A REMOTE-PATH that is a directory receives the file under its name.

${TARGETS}
${COMMON}

Exit codes: 0 copied and verified; 1 the remote side failed; 2 bad command line; 3 unreachable;
4 the hashes differ (nothing is left at REMOTE-PATH).`,
  fetch: `Usage: psrp fetch [TARGET OPTIONS] REMOTE-FILE LOCAL-PATH

Downloads a file from one target, streamed in chunks (memory stays flat for any size), with a progress bar
on a terminal. The file is written next to LOCAL-PATH and moved into place only when its SHA256 matches the
remote file's. A LOCAL-PATH that is a directory receives the file under its name.

${TARGETS}
${COMMON}

Exit codes: 0 fetched and verified; 1 the remote side failed (no such file...); 2 bad command line;
3 unreachable; 4 the hashes differ (nothing is left at LOCAL-PATH).`,
};

export function usageOf(command: CommandName | null): string {
  return command === null ? MAIN_USAGE : USAGES[command];
}

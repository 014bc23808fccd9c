import { parseArgs } from 'node:util';
import { ConfigError, configFlags, loadConfig } from './config.js';
import { StartupError } from './boot.js';
import { MigrationError } from './db/migrate.js';
import { DatabaseFileError } from './db/check.js';
import { DataFolderBusyError } from './platform/lock.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';
import { createAdminCommand, migrateCommand, resetPasswordCommand, runJobCommand } from './commands/admin.js';
import { backupCommand, restoreCommand } from './commands/backup.js';

const HELP = `Prosto CRM ${VERSION}

Usage: prosto [command] [options]

Commands:
  serve (default)          start the web server
  migrate                  apply pending database migrations and exit
  create-admin             finish setup from the command line (password read from standard input)
                             --email, --name, --company required; --language ru|en, --timezone, --currency optional
  reset-password <email>   set a new password for a user (read from standard input); ends their sessions
  backup [file]            write a backup archive (default: into the backup folder); safe while serving
  restore <file>           replace the data with a backup; the server must be stopped
  run-job <name>           run a scheduled job now (e.g. backup) and print its outcome
  version                  print Prosto's and the runtime's versions
  help                     this text

Options (also settable in the config file and as PROSTO_* environment variables):
  --config <file>          config file (default /etc/prosto/prosto.conf when it exists)
  --port <n>               port to listen on (default 8080)              PROSTO_PORT
  --host <address>         address to bind (default 0.0.0.0)             PROSTO_HOST
  --data <folder>          data folder (default ./prosto-data)           PROSTO_DATA_DIR
  --session-idle-minutes <n>  sign out after this long idle (default 480)
  --log-level <level>      fatal, error, warn, info, debug (default info)
  --tls-cert <file> --tls-key <file>   serve HTTPS with this certificate
  --public-url <url>       the address users open, when behind a proxy
  --backup-dir <folder>    where backups go (default <data>/backups)
  --backup-time <HH:MM>    daily backup time, or off (default 02:30)
  --backup-keep <n>        scheduled backups kept (default 7)
  --report-runner <mode>   thread: reports compute beside the pages (default); inline: in the request
`;

const commandFlags = ['email', 'name', 'company', 'language', 'timezone', 'currency'];

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries([...configFlags, ...commandFlags].map((f) => [f, { type: 'string' as const }]).concat([['help', { type: 'boolean' as const, short: 'h' }], ['version', { type: 'boolean' as const }]] as never)),
    });
  } catch (err) {
    process.stderr.write(`prosto: ${(err as Error).message}\nRun "prosto --help" for the list of commands and options.\n`);
    return 2;
  }
  const { values, positionals } = parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  const command = values.help ? 'help' : values.version ? 'version' : (positionals[0] ?? 'serve');
  const flags = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string')) as Record<string, string>;

  try {
    switch (command) {
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case 'version':
        process.stdout.write(`Prosto ${VERSION}\nNode.js ${process.version}\n`);
        return 0;
      case 'serve':
        await startServer(loadConfig({ flags, env: process.env }), { handleSignals: true });
        return -1;
      case 'migrate':
        return await migrateCommand(loadConfig({ flags, env: process.env }));
      case 'create-admin':
        return await createAdminCommand(loadConfig({ flags, env: process.env }), flags);
      case 'backup':
        return await backupCommand(loadConfig({ flags, env: process.env }), positionals[1]);
      case 'restore':
        return await restoreCommand(loadConfig({ flags, env: process.env }), positionals[1]);
      case 'run-job':
        return await runJobCommand(loadConfig({ flags, env: process.env }), positionals[1]);
      case 'reset-password':
        return await resetPasswordCommand(loadConfig({ flags, env: process.env }), positionals[1]);
      default:
        process.stderr.write(`prosto: unknown command "${command}"\nRun "prosto --help" for the list of commands.\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError || err instanceof MigrationError || err instanceof DatabaseFileError || err instanceof DataFolderBusyError) {
      process.stderr.write(`prosto: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`prosto: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);

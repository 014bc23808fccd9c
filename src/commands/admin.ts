import type { Config } from '../config.js';
import { openContext } from '../boot.js';
import { completeSetup } from '../features/setup/service.js';
import { setupForm } from '../features/setup/form.js';
import { findUserByEmail } from '../features/users/queries.js';
import { resetPassword } from '../features/users/service.js';
import { AppError, ValidationError } from '../platform/errors.js';
import { parseForm } from '../platform/forms.js';
import { serverTimeZone } from '../platform/format.js';
import { translator } from '../platform/i18n/index.js';
import { readSecret } from './prompt.js';

const t = translator('en');

function describe(err: ValidationError): string {
  return Object.entries(err.fields)
    .map(([field, e]) => `  ${field}: ${t(e.key, e.params)}`)
    .join('\n');
}

export async function migrateCommand(config: Config): Promise<number> {
  const ctx = await openContext(config, { claim: 'serve' });
  ctx.close();
  process.stdout.write('The database is up to date.\n');
  return 0;
}

/** The command-line twin of the setup wizard, for servers without a browser at hand. */
export async function createAdminCommand(config: Config, flags: Record<string, string>): Promise<number> {
  const ctx = await openContext(config, { logLevel: 'warn', claim: 'use' });
  try {
    const password = await readSecret('Password for the administrator: ');
    const form = parseForm(setupForm, {
      locale: flags.language ?? 'ru',
      fullName: flags.name ?? '',
      email: flags.email ?? '',
      password,
      passwordConfirm: password,
      companyName: flags.company ?? '',
      timeZone: flags.timezone ?? serverTimeZone(),
      baseCurrency: flags.currency ?? 'RUB',
    });
    if (!form.ok) {
      process.stderr.write(`prosto: cannot create the administrator:\n${describe(new ValidationError(form.errors))}\n`);
      return 1;
    }
    const admin = await completeSetup(ctx, form.data);
    process.stdout.write(`Administrator ${admin.email} created; sign in at the web address of this server.\n`);
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) {
      process.stderr.write(`prosto: cannot create the administrator:\n${describe(err)}\n`);
      return 1;
    }
    if (err instanceof AppError) {
      process.stderr.write(`prosto: ${t(err.messageKey, err.params)}\n`);
      return 1;
    }
    throw err;
  } finally {
    ctx.close();
  }
}

export async function resetPasswordCommand(config: Config, email: string | undefined): Promise<number> {
  if (!email) {
    process.stderr.write('prosto: reset-password needs the e-mail of the user, e.g. prosto reset-password anna@example.com\n');
    return 2;
  }
  const ctx = await openContext(config, { logLevel: 'warn', claim: 'use' });
  try {
    const user = findUserByEmail(ctx.db, email.trim());
    if (!user) {
      process.stderr.write(`prosto: there is no user with the e-mail ${email}\n`);
      return 1;
    }
    await resetPassword(ctx, { userId: null, ip: null }, user.id, await readSecret(`New password for ${user.email}: `));
    process.stdout.write(`The password of ${user.email} was changed and their sessions were ended.\n`);
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) {
      process.stderr.write(`prosto: the password was not changed:\n${describe(err)}\n`);
      return 1;
    }
    throw err;
  } finally {
    ctx.close();
  }
}

/** `prosto run-job <name>`: the command-line twin of "Run now" on the jobs page. */
export async function runJobCommand(config: Config, name: string | undefined): Promise<number> {
  const ctx = await openContext(config, { logLevel: 'warn', claim: 'use' });
  try {
    const names = ctx.jobs.list().map((j) => j.name);
    if (!name || !names.includes(name)) {
      process.stderr.write(`prosto: run-job needs a job name: ${names.join(', ')}\n`);
      return 2;
    }
    const run = await ctx.jobs.run(name, 'command');
    process.stdout.write(`${name}: ${run.outcome}${run.counts ? ` ${run.counts}` : ''}${run.error ? ` — ${run.error}` : ''}\n`);
    return run.outcome === 'ok' ? 0 : 1;
  } finally {
    ctx.close();
  }
}

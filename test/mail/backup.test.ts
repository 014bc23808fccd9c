import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, testContext } from '../support/context.js';
import { setUpCompany } from '../support/server.js';
import { asUser, rows } from '../support/mail.js';
import { createBackup, restoreOffline } from '../../src/features/backup/service.js';
import { createMailbox } from '../../src/features/mailboxes/service.js';
import { storeContent } from '../../src/features/mail/files.js';
import { openDatabase } from '../../src/db/connection.js';
import { KEY_FILE, decryptSecret } from '../../src/platform/secrets.js';

/** A backup carries the key the mail passwords need and the attachments; the database alone opens nothing. */
describe('mail in backups', () => {
  it('restores mail access and attachments on another server', async () => {
    const ctx = testContext();
    await setUpCompany(ctx);
    createMailbox(ctx, asUser(ctx, 1), { address: 'sales@vector.test', host: 'imap.vector.test', port: 993, security: 'tls', username: null, password: 'пароль-ящика', folders: ['INBOX'], collect: '3', createLeads: true, active: true, purpose: 'personal', ownerId: null });
    const attachment = storeContent(ctx.config.dataDir, Buffer.from('Счёт №15'), ctx.clock.now());
    const sealed = rows<{ password_enc: string }>(ctx, 'SELECT password_enc FROM mailboxes')[0]!.password_enc;
    const { file } = await createBackup(ctx.sqlite, ctx.config, ctx.clock.now(), { kind: 'manual' });
    ctx.sqlite.close();

    // The database file alone, in a folder without the key: the password cannot be read.
    const bare = tempDir();
    expect(decryptSecret(bare, sealed)).toBeNull();

    const target = tempDir();
    await restoreOffline({ ...ctx.config, dataDir: target, backupDir: path.join(target, 'backups') }, file, Date.now());
    expect(fs.existsSync(path.join(target, KEY_FILE))).toBe(true);
    const { sqlite } = openDatabase(path.join(target, 'prosto.db'));
    const restored = sqlite.prepare('SELECT password_enc FROM mailboxes').get() as { password_enc: string };
    sqlite.close();
    expect(decryptSecret(target, restored.password_enc)).toBe('пароль-ящика');
    expect(fs.readFileSync(path.join(target, 'files', attachment), 'utf8')).toBe('Счёт №15');
  });
});

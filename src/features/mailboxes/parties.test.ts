import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../integrations/mime.js';
import { parseExclusions } from '../mail-settings/exclusions.js';
import { forwardedAddresses, partiesOf } from './parties.js';

const message = (over: Partial<ParsedMessage>): ParsedMessage => ({
  messageId: 'x@test',
  inReplyTo: null,
  references: [],
  from: null,
  to: [],
  cc: [],
  bcc: [],
  deliveredTo: [],
  subject: 'Subject',
  date: null,
  text: '',
  html: null,
  attachments: [],
  automatic: false,
  ...over,
});
const a = (address: string, name: string | null = null) => ({ address, name });
const context = { mailboxAddress: 'sales@vector.test', ownerId: 1, users: new Map([['anna@vector.test', 2]]), rules: parseExclusions('noreply@\nbank.test'), sendSave: false };

describe('partiesOf', () => {
  it('incoming mail is about its sender and the outside people copied', () => {
    const p = partiesOf(message({ from: a('ivan@client.test', 'Иван'), to: [a('sales@vector.test')], cc: [a('anna@vector.test'), a('boss@client.test')] }), context);
    expect(p).toEqual({ direction: 'in', userId: null, addresses: ['ivan@client.test', 'boss@client.test'], sender: a('ivan@client.test', 'Иван'), excluded: false });
  });

  it('mail written by a user or from the mailbox itself is outgoing', () => {
    expect(partiesOf(message({ from: a('anna@vector.test'), to: [a('ivan@client.test')] }), context)).toMatchObject({ direction: 'out', userId: 2, addresses: ['ivan@client.test'], sender: null });
    expect(partiesOf(message({ from: a('sales@vector.test'), to: [a('ivan@client.test')] }), context)).toMatchObject({ direction: 'out', userId: 1 });
  });

  it('excluded senders make nothing', () => {
    expect(partiesOf(message({ from: a('noreply@shop.test'), to: [a('sales@vector.test')] }), context)).toMatchObject({ addresses: [], sender: null, excluded: true });
    expect(partiesOf(message({ from: a('info@bank.test'), to: [a('sales@vector.test')], cc: [a('ivan@client.test')] }), context)).toMatchObject({ addresses: ['ivan@client.test'], sender: null, excluded: false });
    expect(partiesOf(message({ from: a('anna@vector.test'), to: [a('sales@vector.test')] }), context)).toMatchObject({ addresses: [], excluded: false });
  });

  it('a message forwarded to Send&Save is about the people in the forwarded part', () => {
    const text = 'Смотри ниже\n\n---------- Пересылаемое сообщение ----------\nОт: Иван Петров <ivan@client.test>\nКому: anna@vector.test\nТема: Заказ\n\nНужно 5 серверов';
    expect(forwardedAddresses(text)).toEqual({ from: 'ivan@client.test', all: ['ivan@client.test', 'anna@vector.test'] });
    const p = partiesOf(message({ from: a('anna@vector.test'), to: [a('crm@vector.test')], subject: 'Fwd: Заказ', text }), { ...context, mailboxAddress: 'crm@vector.test', sendSave: true });
    expect(p).toMatchObject({ direction: 'in', userId: 2, addresses: ['ivan@client.test'], sender: null });
  });
});

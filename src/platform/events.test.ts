import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testContext } from '../../test/support/context.js';
import { setUpCompany } from '../../test/support/server.js';
import { toCurrentUser } from './auth/sessions.js';
import { findUser } from '../features/users/queries.js';
import { createLead } from '../features/leads/service.js';
import { allLeadStatuses } from '../features/pipelines/queries.js';
import { onDomainEvent, type DomainEvent } from './events.js';

let ctx: ReturnType<typeof testContext>;
let heard: DomainEvent[];
let stop: () => void;

beforeEach(async () => {
  ctx = testContext();
  await setUpCompany(ctx);
  heard = [];
  stop = onDomainEvent(ctx.db, (_ctx, event) => heard.push(event));
});
afterEach(() => {
  stop();
  ctx.sqlite.close();
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

function lead(title: string) {
  const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  const statusId = allLeadStatuses(ctx.db)[0]!.id;
  return createLead(ctx, admin, { title, statusId, lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, sourceId: null, amount: '', currency: 'RUB', responsibleId: 1, everyone: false, comments: null, comms: [] });
}

describe('domain events', () => {
  it('tells listeners of a created record after its transaction, and never of a rolled-back one', async () => {
    const made = lead('Kept');
    expect(heard).toEqual([]);
    expect(() =>
      ctx.sqlite.transaction(() => {
        lead('Rolled back');
        throw new Error('refused');
      })(),
    ).toThrow('refused');
    await turn();
    expect(heard).toEqual([{ type: 'record.created', entity: 'lead', id: made.id, by: 1, channel: null }]);
  });

  it('drops what is pending when the database closes first (shutdown)', async () => {
    lead('Last one');
    ctx.sqlite.close();
    await turn();
    expect(heard).toEqual([]);
  });

  it('keeps telling the other listeners when one throws', async () => {
    onDomainEvent(ctx.db, () => {
      throw new Error('broken rule');
    });
    lead('One');
    await turn();
    expect(heard).toHaveLength(1);
  });
});

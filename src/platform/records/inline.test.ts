import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { fields } from '../forms.js';
import { asFormValues, withChangedField } from './inline.js';

const form = z.object({
  title: fields.requiredText(50),
  stageId: z.coerce.number().int().positive(),
  typeId: fields.optionalId(),
  everyone: fields.checkbox(),
  comms: z.record(z.string(), z.array(z.object({ value: z.string() }))).optional(),
});

describe('asFormValues', () => {
  it('turns a stored record into what its form posts', () => {
    expect(asFormValues({ title: 'Сделка', stageId: 3, typeId: null, everyone: true, hidden: false, comms: { phone: [] } })).toEqual({
      title: 'Сделка',
      stageId: '3',
      everyone: '1',
      comms: { phone: [] },
    });
  });
});

describe('withChangedField', () => {
  const stored = asFormValues({ title: 'Сделка', stageId: 3, typeId: 7, everyone: true, comms: { phone: [{ value: '1' }], email: [{ value: 'a@b.c' }] } });
  const cases: { name: string; posted: Record<string, unknown>; inputs: string[]; expected: Partial<z.infer<typeof form>> }[] = [
    { name: 'one input over the stored ones', posted: { title: 'Новое', stageId: '99' }, inputs: ['title'], expected: { title: 'Новое', stageId: 3, typeId: 7, everyone: true } },
    { name: 'an unticked checkbox posts nothing and is cleared', posted: {}, inputs: ['everyone'], expected: { everyone: false, title: 'Сделка' } },
    { name: 'an emptied choice becomes none', posted: { typeId: '' }, inputs: ['typeId'], expected: { typeId: null } },
    { name: 'one kind of a nested group, the others kept', posted: { comms: { phone: [{ value: '2' }] } }, inputs: ['comms.phone'], expected: { comms: { phone: [{ value: '2' }], email: [{ value: 'a@b.c' }] } } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(withChangedField(form, stored, c.posted, c.inputs)).toMatchObject(c.expected));
  }

  it("refuses with the form's own messages", () => {
    const refused = (() => {
      try {
        withChangedField(form, stored, { title: ' ' }, ['title']);
        return null;
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields.title?.key).toBe('validation.required');
  });
});

import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { fromLocalInput } from '../../platform/format.js';
import { reminderChoices } from './rules.js';

export const addableTypes = ['call', 'meeting', 'task', 'note'] as const;
export const boundEntities = ['lead', 'contact', 'company', 'deal'] as const;

/** A datetime-local value read on the user's wall clock. */
const localTime = (timeZone: string, required: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, check) => {
      if (!v) {
        if (required) check.addIssue({ code: 'custom', message: 'validation.required' });
        return null;
      }
      const ms = fromLocalInput(v, timeZone);
      if (ms === null) check.addIssue({ code: 'custom', message: 'validation.activities.time' });
      return ms;
    });

const optionalMinutes = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? Number(v) : null))
  .pipe(z.number().int('validation.activities.minutes').min(0, 'validation.activities.minutes').max(100_000, 'validation.activities.minutes').nullable());

/**
 * The add form of every type; fields of other types are ignored. A call or a meeting may be logged as
 * already done ("log a call"); a note is always done.
 */
export function activityForm(timeZone: string) {
  return z
    .object({
      type: z.enum(addableTypes, { message: 'validation.invalid' }),
      entity: z.enum(boundEntities, { message: 'validation.invalid' }),
      entityId: z.coerce.number({ message: 'validation.invalid' }).int().positive('validation.invalid'),
      subject: fields.requiredText(200),
      description: fields.optionalText(5000),
      dueAt: localTime(timeZone, true),
      endAt: localTime(timeZone, false),
      done: fields.checkbox(),
      direction: z.enum(['in', 'out']).catch('out'),
      durationMin: optionalMinutes,
      result: fields.optionalText(1000),
      place: fields.optionalText(300),
      participants: fields.optionalText(1000),
      responsibleId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
      reminder: z.enum(reminderChoices).catch('none'),
      remindCustom: localTime(timeZone, false),
      repeatEvery: z
        .string()
        .trim()
        .optional()
        .transform((v) => (v ? Number(v) : null))
        .pipe(z.number().int('validation.activities.repeat').min(1, 'validation.activities.repeat').max(365, 'validation.activities.repeat').nullable()),
      repeatUnit: z.enum(['hour', 'day']).catch('day'),
      /** Where to go after saving (a list the form was opened from); else the record's page. */
      back: z.string().optional(),
    })
    .superRefine((v, check) => {
      if (v.type === 'meeting' && v.endAt !== null && v.dueAt !== null && v.endAt < v.dueAt)
        check.addIssue({ code: 'custom', path: ['endAt'], message: 'validation.activities.endBeforeStart' });
      if (v.reminder === 'custom' && v.remindCustom === null) check.addIssue({ code: 'custom', path: ['remindCustom'], message: 'validation.required' });
    });
}

export type ActivityInput = z.infer<ReturnType<typeof activityForm>>;

/**
 * Editing what an activity says: subject, description, and per type the call's direction and
 * duration, the meeting's place and participants, a done one's result; while planned, its
 * responsible and reminder. The deadline moves by rescheduling; the type and records never change.
 */
export function editForm(timeZone: string) {
  return z
    .object({
      subject: fields.requiredText(200),
      description: fields.optionalText(5000),
      /** Left out (the field is not on the form): unchanged, as are responsibleId and reminder. */
      direction: z.enum(['in', 'out']).optional().catch(undefined),
      durationMin: optionalMinutes,
      result: fields.optionalText(1000),
      place: fields.optionalText(300),
      participants: fields.optionalText(1000),
      responsibleId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required').optional(),
      reminder: z.enum(reminderChoices).optional().catch(undefined),
      remindCustom: localTime(timeZone, false),
      back: z.string().optional(),
    })
    .superRefine((v, check) => {
      if (v.reminder === 'custom' && v.remindCustom === null) check.addIssue({ code: 'custom', path: ['remindCustom'], message: 'validation.required' });
    });
}

export type EditInput = z.infer<ReturnType<typeof editForm>>;

export const completeForm = z.object({
  result: fields.optionalText(1000),
  /** Calls: how long it took, when the form asks. */
  durationMin: optionalMinutes,
  /** "0" for a call that did not reach the client: a repeat series goes on. */
  success: z.enum(['0', '1']).catch('1').transform((v) => v === '1'),
  back: z.string().optional(),
});

export function rescheduleForm(timeZone: string) {
  return z.object({ dueAt: localTime(timeZone, true), back: z.string().optional() });
}

export const calendarQuery = z.object({
  view: z.enum(['week', 'month']).catch('week'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  user: z.coerce.number().int().positive().optional().catch(undefined),
});

export const mineQuery = z.object({ scope: z.enum(['mine', 'department']).catch('mine') });

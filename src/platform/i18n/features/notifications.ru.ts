import type { notificationsEn } from './notifications.en.js';

export const notificationsRu: Record<keyof typeof notificationsEn, string> = {
  'notify.assigned.lead': '{actor} назначил(а) вас ответственным за лид «{title}»',
  'notify.assigned.contact': '{actor} назначил(а) вас ответственным за контакт «{title}»',
  'notify.assigned.company': '{actor} назначил(а) вас ответственным за компанию «{title}»',
  'notify.assigned.deal': '{actor} назначил(а) вас ответственным за сделку «{title}»',
  'notify.comment': '{actor} прокомментировал(а) «{title}»: {text}',
  'notify.mention': '{actor} упомянул(а) вас в «{title}»: {text}',
};

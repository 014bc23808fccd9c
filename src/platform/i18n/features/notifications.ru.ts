import type { notificationsEn } from './notifications.en.js';

export const notificationsRu: Record<keyof typeof notificationsEn, string> = {
  'notify.assigned.lead': '{actor} назначил(а) вас ответственным за лид «{title}»',
  'notify.assigned.contact': '{actor} назначил(а) вас ответственным за контакт «{title}»',
  'notify.assigned.company': '{actor} назначил(а) вас ответственным за компанию «{title}»',
  'notify.assigned.deal': '{actor} назначил(а) вас ответственным за сделку «{title}»',
  'notify.comment': '{actor} прокомментировал(а) «{title}»: {text}',
  'notify.mention': '{actor} упомянул(а) вас в «{title}»: {text}',
  'notifications.title': 'Уведомления',
  'notifications.empty': 'Уведомлений пока нет.',
  'notifications.markRead': 'Прочитано',
  'notifications.markAllRead': 'Прочитать все',
  'notifications.allRead': 'Отмечено прочитанными: {n}',
  'notifications.older': 'Раньше',
  'notifications.emailTitle': 'Дублировать на e-mail',
  'notifications.emailHint': 'Какие уведомления также присылать на вашу почту (письма пойдут, когда будет подключён почтовый сервер).',
  'notifications.settingsSaved': 'Настройки уведомлений сохранены',
  'notifications.kind.reminder': 'Напоминание',
  'notifications.kind.assigned': 'Назначено мне',
  'notifications.kind.taskDone': 'Выполнена моя задача',
  'notifications.kind.comment': 'Комментарий к моей записи',
  'notifications.kind.mention': 'Упоминание в комментарии',
};

import type { usabilityEn } from './usability.en.js';

export const usabilityRu: Record<keyof typeof usabilityEn, string> = {
  'records.commAdd.phone': 'добавить телефон',
  'records.commAdd.email': 'добавить e-mail',
  'records.commAdd.web': 'добавить сайт',
  'records.commAdd.im': 'добавить мессенджер',
  'records.commRemove': 'Удалить',
  'deals.board.search': 'Найти сделки на доске',
  'deals.board.anyone': 'Любой ответственный',
  'deals.board.reset': 'Показать все',
  'deals.board.tooShort': 'Для поиска введите не меньше 3 символов.',
  'records.quickAddHint': 'Введите название и нажмите Enter; остальные поля заполнятся по умолчанию.',
  'deals.client.noComms': 'Телефона и e-mail пока нет.',
  'common.no': 'Нет',
  'comments.mentionHint': 'Упомянуть коллегу: @Имя Фамилия или @e-mail.',
  'activities.calendar.newActivity': 'Новое дело',
  'activities.calendar.now': 'Сейчас',
  'records.ref.lead': 'лид №{id}',
  'records.ref.contact': 'контакт №{id}',
  'records.ref.company': 'компания №{id}',
  'records.ref.deal': 'сделка №{id}',
};

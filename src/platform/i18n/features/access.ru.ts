import type { accessEn } from './access.en.js';

export const accessRu: Record<keyof typeof accessEn, string> = {
  'audit.kind.department.created': 'Отдел создан',
  'audit.kind.department.updated': 'Отдел изменён',
  'audit.kind.department.deleted': 'Отдел удалён',
};

import type { exportEn } from './export.en.js';

export const exportRu: Record<keyof typeof exportEn, string> = {
  'export.menu': 'Экспорт',
  'export.hint': 'Строки этого списка с его фильтром, сортировкой и колонками.',
  'export.csv': 'CSV',
  'export.csvSemicolon': 'CSV для Excel (;)',
  'export.xlsx': 'Excel (XLSX)',
  'export.currency': '{field}: валюта',
  'export.forbidden': 'Вашей роли нельзя выгружать этот список. Право на экспорт даёт администратор в настройках роли.',
  'export.badFormat': 'Выберите формат выгрузки: CSV, CSV для Excel или XLSX.',
  'audit.kind.list.exported': 'Выгрузка списка',
};

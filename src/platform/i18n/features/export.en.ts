export const exportEn = {
  'export.menu': 'Export',
  'export.hint': 'The rows of this list with its filter, sort and columns.',
  'export.csv': 'CSV',
  'export.csvSemicolon': 'CSV for Excel (;)',
  'export.xlsx': 'Excel (XLSX)',
  'export.currency': '{field}: currency',
  'export.forbidden': 'Your role may not export this list. An administrator can give the export right in the role’s settings.',
  'export.badFormat': 'Choose an export format: CSV, CSV for Excel or XLSX.',
  'audit.kind.list.exported': 'List exported',
};

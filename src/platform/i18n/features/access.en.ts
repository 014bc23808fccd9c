/** Access rights: the audit log's entries for the department tree, which decides "department" scopes. */
export const accessEn = {
  'audit.kind.department.created': 'Department created',
  'audit.kind.department.updated': 'Department changed',
  'audit.kind.department.deleted': 'Department deleted',
} as const;

/** Everyday use of the core pages (issue 20): record forms, built-in names, the board, the client block, dialogs. */
export const usabilityEn = {
  'records.commAdd.phone': 'add a phone',
  'records.commAdd.email': 'add an e-mail',
  'records.commAdd.web': 'add a site',
  'records.commAdd.im': 'add a messenger',
  'records.commRemove': 'Remove',
  'records.ref.lead': 'lead #{id}',
  'records.ref.contact': 'contact #{id}',
  'records.ref.company': 'company #{id}',
  'records.ref.deal': 'deal #{id}',
};

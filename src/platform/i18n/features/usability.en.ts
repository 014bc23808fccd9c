/** Everyday use of the core pages (issue 20): record forms, built-in names, the board, the client block, dialogs. */
export const usabilityEn = {
  'records.commAdd.phone': 'add a phone',
  'records.commAdd.email': 'add an e-mail',
  'records.commAdd.web': 'add a site',
  'records.commAdd.im': 'add a messenger',
  'records.commRemove': 'Remove',
  'deals.board.search': 'Find deals on the board',
  'deals.board.anyone': 'Anyone responsible',
  'deals.board.reset': 'Show all',
  'deals.board.tooShort': 'Type at least 3 characters to search.',
  'records.quickAddHint': 'Type a title and press Enter; the other fields take their defaults.',
  'deals.client.noComms': 'No phone or e-mail yet.',
  'common.no': 'No',
  'records.ref.lead': 'lead #{id}',
  'records.ref.contact': 'contact #{id}',
  'records.ref.company': 'company #{id}',
  'records.ref.deal': 'deal #{id}',
};

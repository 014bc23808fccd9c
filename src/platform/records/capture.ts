/**
 * A record that arrived from outside the CRM's own pages: through a web form, the lead API or a
 * Bitrix24-style webhook. `channel` says which for the domain event ("form:12", "api", "rest");
 * `source` is the form's or integration's name, as its responsible's notification shows it.
 */
export interface Capture {
  channel: string;
  source: string;
}

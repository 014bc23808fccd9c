export * from './system.js';
export * from './users.js';
export * from './auth.js';
export * from './access.js';
export * from './crm-settings.js';
export * from './records.js';
export * from './activities.js';
export * from './notifications.js';

export const notificationsEn = {
  'notify.assigned.lead': '{actor} made you responsible for the lead “{title}”',
  'notify.assigned.contact': '{actor} made you responsible for the contact “{title}”',
  'notify.assigned.company': '{actor} made you responsible for the company “{title}”',
  'notify.assigned.deal': '{actor} made you responsible for the deal “{title}”',
  'notify.comment': '{actor} commented on “{title}”: {text}',
  'notify.mention': '{actor} mentioned you on “{title}”: {text}',
} as const;

import type { Feature } from '../../../shared/features'

/**
 * What the one-click demo is made of: the tenancies' shapes and the words of a helpdesk's day.
 * Names, companies and numbers come from faker (seeded); the sentences here are the ones a real
 * service desk writes, so a prospect reads threads rather than lorem ipsum.
 */

/** The customer tenancies: different sizes and licence feature sets, one without the helpdesk. */
export const DEMO_TENANCIES: readonly { users: number; tickets: number; features: Feature[] | null; teams: number }[] = [
  { users: 40, tickets: 70, features: null, teams: 3 },
  { users: 22, tickets: 40, features: ['helpdesk', 'crm', 'reporting'], teams: 2 },
  { users: 12, tickets: 18, features: ['helpdesk', 'rmm'], teams: 1 },
  { users: 6, tickets: 0, features: ['crm', 'billing'], teams: 0 },
]

/** The operator's own organisation (the Admin Tenant): its own service desk, where the prospect is a MANAGER. */
export const DEMO_OPERATOR = { users: 9, tickets: 24, teams: 2 } as const

/** Teams in the order tenancies get them; Projects has no signature, to show a team without one. */
export const DEMO_TEAMS: readonly { name: string; description: string; signature: string | null }[] = [
  {
    name: 'Service Desk',
    description: 'First line: calls, email and the portal',
    signature: 'Kind regards,\n{{agent.name}}\n{{team.name}} · {{organisation.name}}',
  },
  {
    name: 'Escalations',
    description: 'Second line for outages and hard cases',
    signature: '{{agent.name}} ({{agent.email}})\n{{team.name}}, {{organisation.name}}',
  },
  { name: 'Projects', description: 'Onboarding, migrations and planned changes', signature: null },
]

export const DEPARTMENTS = ['Finance', 'Sales', 'HR', 'Operations', 'Marketing', 'Legal', 'Warehouse', 'Reception'] as const
export const FLOORS = ['ground', 'first', 'second', 'third'] as const
export const PRODUCTS = ['Adobe Acrobat Pro', 'Visio', 'Project', 'AutoCAD LT', 'Power BI Pro', 'Zoom Workplace'] as const
export const DEVICES = ['the new laptop', 'the docking station', 'my phone', 'the meeting room PC', 'the thin client'] as const

/** Ticket subjects; `{…}` slots are filled per ticket (see demo-generator.ts). */
export const SUBJECTS = [
  'Outlook keeps asking for my password',
  'VPN drops every {n} minutes when working from home',
  'New starter: {person} — laptop, email and building pass',
  'Leaver: {person} — disable accounts and forward mail',
  'Printer on the {floor} floor shows a paper jam but has none',
  'Cannot open the {dept} shared drive: access denied',
  'Teams calls cut out on {device}',
  'Request: {product} licence for {person}',
  'Wi-Fi in meeting room {room} is very slow',
  'Nightly backup failed on {server}',
  'Password reset for {person}',
  'Phishing email reported by {dept}',
  '{server} disk almost full',
  'MFA prompt not arriving on new phone',
  'Invoice PDFs will not open in the browser',
  'Laptop battery swelling — replacement needed',
  'Set up a shared calendar for {dept}',
  'Excel crashes when opening the {dept} budget sheet',
  'Second monitor flickers on {device}',
  'Move {person} to the {dept} mailbox',
] as const

export const OPENINGS = [
  'Hi, this started {when} and I cannot get on with my work. I have already restarted.',
  'Hello team, could someone have a look today, please? It is blocking {dept}.',
  'Hi, see the subject. It happens to two of us in {dept} since {when}.',
  'Good morning, raising this as asked on the phone. Happy to give remote access any time.',
] as const

export const AGENT_REPLIES = [
  'Thanks for reporting this. I am looking into it now and will update you within the hour.',
  'Could you send a screenshot of the error message, please? That will tell us where it fails.',
  'I have reset the cached credentials on our side. Could you try again and let me know?',
  'We have scheduled this for {day}. You will get a calendar invite with the details.',
  'I have connected remotely and applied the fix. Please restart once when convenient.',
] as const

export const REQUESTER_FOLLOW_UPS = [
  'That worked, thank you!',
  'Still happening, unfortunately. I have sent the screenshot just now.',
  'Thanks — {day} works for us.',
  'Much better now, thanks for the quick help.',
] as const

export const INTERNAL_NOTES = [
  'Checked the logs on {server}: the service account password expired on {day}.',
  'Same issue as ticket #{n} last month; likely the driver update from the vendor.',
  'Waiting on the vendor; their case number is {case}.',
  'Needs admin rights on the firewall: handing to Escalations if it is not fixed by tomorrow.',
  'Customer is on the reduced support plan: bill the time to the project code.',
] as const

export const CLOSINGS = [
  'Glad it is sorted. I am resolving this ticket; reply here if it comes back.',
  'All done on our side. Resolving now — thanks for your patience.',
] as const

export const TIME_NOTES = ['Remote session', 'Phone call with the user', 'On site', 'Vendor call', 'Reimaged the laptop', null] as const
export const WHEN = ['this morning', 'yesterday afternoon', 'the update on Monday', 'last week'] as const
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const

import { formatUkDateTime } from '#app/lib/dates'

/** The README.txt at the top of a personal data download: what each file holds, in plain words. */
export function personalDataReadme(input: { name: string; now: Date; files: number }): string {
  const lines = [
    `Personal data held by the OT Capability Portal about ${input.name}`,
    `Made on ${formatUkDateTime(input.now)} (UK time).`,
    '',
    'This download holds everything the portal keeps about you. Each .json file is plain text that any text',
    'editor can open; dates and times are in UTC unless a field holds a calendar date (YYYY-MM-DD). The field',
    'names are the names the portal uses in its database. Where a record names another person (your',
    'supervisor, a reviewer), their name and id are given so that you can tell who it was.',
    '',
    'profile.json       Your account: name, email, employee number, team, job role, roles and when each was',
    '                   given, when your sign-in sessions started and end, the single sign-on identity linked',
    '                   to your account, and whether you set up a calendar feed.',
    '                   Your password is not included: the portal keeps only a one-way hash of it.',
    'evidence.json      Your CPD entries, each with every saved revision (what it said each time it changed),',
    '                   the capabilities you mapped it to, and the details of its attachments.',
    'signoffs.json      The sign-offs you asked for, the evidence you put forward with each, and everything that',
    '                   happened to each request (approved, returned, withdrawn, with the reviewer and comment).',
    'supervision.json   Who supervised you or whom you supervised, and when; the supervision sessions you took',
    '                   part in, with their notes and actions.',
    'registration.json  Your HCPC registration as recorded here, and each time it was recorded, changed or checked.',
    'apprenticeships.json  Any apprenticeship you are or were on: status changes, off-the-job hours, placements,',
    '                   progress reviews and the gateway checklist.',
    'capabilities.json  Where you mapped yourself against the capability frameworks, and the levels signed off.',
    'cpd-profile.json   Your CPD profile for the HCPC audit: period, summary, statement and the entries chosen.',
    'audit.json         The audit trail entries for things you did and things done to your own record.',
    'emails.json        The emails the portal sent or queued for you.',
    '',
    input.files === 0
      ? 'files/             (empty: none of your entries has an attachment)'
      : `files/             The ${input.files === 1 ? 'file' : `${input.files} files`} you attached to your entries, ` +
        'removed ones included. Each name starts with the first part of the attachment id given in evidence.json.',
    '',
    'Ask your administrator if something here is wrong or you want to know more.',
    '',
  ]
  return lines.join('\r\n')
}

import { DataList } from '@radix-ui/themes'
import { formatUkDate } from '#app/lib/dates'

export interface ProfileDetailsProps {
  email: string
  jobRoleTitle: string | null
  jobRoleBand: string | null
  teamName: string | null
  roleLabels: string[]
  supervisors: { id: string; name: string; since: string }[]
}

export function ProfileDetails(profile: ProfileDetailsProps) {
  return (
    <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }}>
      <DataList.Item>
        <DataList.Label>Email</DataList.Label>
        <DataList.Value>{profile.email}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Job role</DataList.Label>
        <DataList.Value>
          {profile.jobRoleTitle ?? 'Not set'}
          {profile.jobRoleBand ? ` (${profile.jobRoleBand})` : ''}
        </DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Team</DataList.Label>
        <DataList.Value>{profile.teamName ?? 'Not set'}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Access</DataList.Label>
        <DataList.Value>{profile.roleLabels.join(', ')}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Supervisor</DataList.Label>
        <DataList.Value>
          {profile.supervisors.length === 0
            ? 'None linked yet: ask your administrator to link your supervisor.'
            : profile.supervisors.map((s) => `${s.name} (since ${formatUkDate(s.since)})`).join('; ')}
        </DataList.Value>
      </DataList.Item>
    </DataList.Root>
  )
}

/** The shapes the overview repository and its SQLite sibling share (here, so that neither imports the other). */
export interface TenantCounts {
  tenantId: string
  users: number
  activeUsers: number
  openInvitations: number
}

export interface DayCounts {
  day: number
  invitationsSent: number
  deactivations: number
  failedSignIns: number
}

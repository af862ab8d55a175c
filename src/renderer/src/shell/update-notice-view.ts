import { UpdateCommand, UpdatePhase, type UpdateState } from '../../../shared/ipc'

export interface UpdateNoticeView {
  /** Changes whenever there is something new to say, so a dismissed notice comes back for it. */
  key: string
  message: string
  percent?: number
  action?: { label: string; command: UpdateCommand }
  dismissible: boolean
}

/**
 * What the update notice says for a state, or null for nothing: no notice while idle or
 * checking, and none for a failed background check (it is logged; the console carries on).
 */
export function updateNoticeView(state: UpdateState): UpdateNoticeView | null {
  switch (state.phase) {
    case UpdatePhase.AVAILABLE:
      return {
        key: `available-${state.version}`,
        message: `Update available — Switchboard ${state.version}`,
        action: { label: 'Download', command: UpdateCommand.DOWNLOAD },
        dismissible: true,
      }
    case UpdatePhase.DOWNLOADING:
      return {
        key: `downloading-${state.version}`,
        message: `Downloading Switchboard ${state.version}… ${state.percent}%`,
        percent: state.percent,
        dismissible: false,
      }
    case UpdatePhase.READY:
      return {
        key: `ready-${state.version}`,
        message: `Switchboard ${state.version} is ready to install`,
        action: { label: 'Restart to update', command: UpdateCommand.INSTALL },
        dismissible: true,
      }
    case UpdatePhase.ERROR:
      if (state.stage === 'check') return null
      return {
        key: `error-${state.stage}-${state.message}`,
        message: `The update could not be ${state.stage === 'download' ? 'downloaded' : 'installed'}: ${state.message}`,
        action: { label: 'Try again', command: UpdateCommand.CHECK },
        dismissible: true,
      }
    default:
      return null
  }
}

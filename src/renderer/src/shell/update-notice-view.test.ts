import { describe, expect, it } from 'vitest'
import { updateNoticeView } from './update-notice-view'

describe('the update notice', () => {
  it('says nothing while idle, checking, or after a failed background check', () => {
    expect(updateNoticeView({ phase: 'idle' })).toBeNull()
    expect(updateNoticeView({ phase: 'checking' })).toBeNull()
    expect(updateNoticeView({ phase: 'error', stage: 'check', message: 'offline' })).toBeNull()
  })

  it('offers the download, shows progress, then offers the restart', () => {
    expect(updateNoticeView({ phase: 'available', version: '1.2.0' })).toMatchObject({
      message: 'Update available — Switchboard 1.2.0',
      action: { label: 'Download', command: 'download' },
    })
    const downloading = updateNoticeView({ phase: 'downloading', version: '1.2.0', percent: 42 })
    expect(downloading).toMatchObject({ message: 'Downloading Switchboard 1.2.0… 42%', percent: 42, dismissible: false })
    expect(downloading).not.toHaveProperty('action')
    expect(updateNoticeView({ phase: 'ready', version: '1.2.0' })).toMatchObject({
      action: { label: 'Restart to update', command: 'install' },
    })
  })

  it('explains a failed download and lets the user try again', () => {
    expect(updateNoticeView({ phase: 'error', stage: 'download', message: 'sha512 checksum mismatch' })).toMatchObject({
      message: 'The update could not be downloaded: sha512 checksum mismatch',
      action: { command: 'check' },
    })
  })

  it('keys each version apart, so dismissing one does not hide the next', () => {
    const a = updateNoticeView({ phase: 'available', version: '1.2.0' })
    const b = updateNoticeView({ phase: 'available', version: '1.3.0' })
    expect(a?.key).not.toBe(b?.key)
  })
})

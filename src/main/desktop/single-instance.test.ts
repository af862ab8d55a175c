import { describe, expect, it } from 'vitest'
import { dataDirFromArgv, handOverData, receiveSecondLaunch } from './single-instance'

const token = 'B'.repeat(43)
const link = `switchboard://app/#/reset-password/${token}`
const running = { dataDir: '/home/ada/.config/Switchboard' }

describe('a second launch', () => {
  it('hands its switchboard:// link to the running window', () => {
    const data = handOverData(['/opt/Switchboard/switchboard', link], '/home/ada')
    expect(receiveSecondLaunch(['/opt/Switchboard/switchboard'], '/', data, running)).toEqual({
      route: `#/reset-password/${token}`,
      otherDataDir: null,
    })
  })

  it('falls back to the argv Electron passes when the additional data is missing or malformed', () => {
    expect(receiveSecondLaunch(['/opt/Switchboard/switchboard', '--no-sandbox', link], '/home/ada', undefined, running).route).toBe(
      `#/reset-password/${token}`,
    )
    expect(receiveSecondLaunch(['switchboard', link], '/', { argv: [1, 2], cwd: '/' }, running).route).toBe(`#/reset-password/${token}`)
  })

  it('only focuses the window for a plain launch or a link to anything else', () => {
    expect(receiveSecondLaunch([], '/', handOverData(['switchboard'], '/'), running)).toEqual({ route: null, otherDataDir: null })
    expect(receiveSecondLaunch([], '/', handOverData(['switchboard', 'switchboard://app/#/admin/users'], '/'), running).route).toBeNull()
  })

  it('reports a launch for another data directory, resolved against its own working directory', () => {
    expect(receiveSecondLaunch([], '/', handOverData(['switchboard', '--data', 'demo'], '/tmp'), running).otherDataDir).toBe('/tmp/demo')
    expect(
      receiveSecondLaunch([], '/', handOverData(['switchboard', `--data=${running.dataDir}/`], '/tmp'), running).otherDataDir,
    ).toBeNull()
    expect(receiveSecondLaunch([], '/', handOverData(['switchboard', '--data', running.dataDir], '/tmp'), running).otherDataDir).toBeNull()
  })
})

describe('dataDirFromArgv', () => {
  it('reads both spellings anywhere on the line, as packaged and development launches differ', () => {
    expect(dataDirFromArgv(['/opt/Switchboard/switchboard', '--data', 'demo'], '/home/ada')).toBe('/home/ada/demo')
    expect(dataDirFromArgv(['electron', '.', '--data=/srv/sb'], '/')).toBe('/srv/sb')
    expect(dataDirFromArgv(['electron', '.', '--data'], '/')).toBeNull()
    expect(dataDirFromArgv(['electron', '.'], '/')).toBeNull()
  })
})

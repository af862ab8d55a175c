import { describe, expect, it } from 'vitest'
import {
  EMPTY_WINDOW_STATE,
  clampToWorkArea,
  parseWindowState,
  rememberPlacement,
  restorePlacement,
  type DisplayArea,
} from './window-state'

const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } }
const monitor: DisplayArea = { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } }

describe('window placement', () => {
  it('opens a first window at the default size, centred on the primary display', () => {
    expect(restorePlacement(EMPTY_WINDOW_STATE, [laptop], laptop)).toEqual({
      bounds: { x: 80, y: 52, width: 1280, height: 820 },
      maximized: false,
    })
  })

  it('reopens where it was closed, on that display, maximised or not', () => {
    let saved = rememberPlacement(EMPTY_WINDOW_STATE, laptop, { bounds: { x: 10, y: 30, width: 1000, height: 700 }, maximized: false })
    saved = rememberPlacement(saved, monitor, { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: true })
    expect(restorePlacement(saved, [laptop, monitor], laptop)).toEqual({
      bounds: { x: 1600, y: 100, width: 1800, height: 1000 },
      maximized: true,
    })
  })

  it('uses the primary display’s own placement when the last display is unplugged', () => {
    let saved = rememberPlacement(EMPTY_WINDOW_STATE, laptop, { bounds: { x: 10, y: 30, width: 1000, height: 700 }, maximized: false })
    saved = rememberPlacement(saved, monitor, { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: true })
    expect(restorePlacement(saved, [laptop], laptop)).toEqual({ bounds: { x: 10, y: 30, width: 1000, height: 700 }, maximized: false })
  })

  it('brings a window from a vanished display back on screen: centred on the primary, shrunk to fit', () => {
    const saved = rememberPlacement(EMPTY_WINDOW_STATE, monitor, {
      bounds: { x: 3000, y: 200, width: 2400, height: 1300 },
      maximized: false,
    })
    const { bounds } = restorePlacement(saved, [laptop], laptop)
    expect(bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 })
    const smaller = rememberPlacement(EMPTY_WINDOW_STATE, monitor, {
      bounds: { x: 3000, y: 200, width: 1000, height: 600 },
      maximized: true,
    })
    expect(restorePlacement(smaller, [laptop], laptop)).toEqual({ bounds: { x: 220, y: 162, width: 1000, height: 600 }, maximized: true })
  })

  it('pulls a window back inside a display whose resolution shrank', () => {
    const saved = rememberPlacement(EMPTY_WINDOW_STATE, laptop, { bounds: { x: 1200, y: 700, width: 1000, height: 700 }, maximized: false })
    const smallerLaptop = { id: 1, workArea: { x: 0, y: 0, width: 1280, height: 720 } }
    expect(restorePlacement(saved, [smallerLaptop], smallerLaptop).bounds).toEqual({ x: 280, y: 20, width: 1000, height: 700 })
  })

  it('clamps to work areas left of or above the origin', () => {
    const left = { x: -1920, y: -200, width: 1920, height: 1080 }
    expect(clampToWorkArea({ x: -5000, y: -5000, width: 800, height: 600 }, left)).toEqual({ x: -1920, y: -200, width: 800, height: 600 })
    expect(clampToWorkArea({ x: 100, y: 1000, width: 800, height: 600 }, left)).toEqual({ x: -800, y: 280, width: 800, height: 600 })
  })
})

describe('window-state.json', () => {
  it('round-trips what it stored', () => {
    const saved = rememberPlacement(EMPTY_WINDOW_STATE, laptop, { bounds: { x: 10.4, y: 30, width: 1000, height: 700 }, maximized: true })
    expect(parseWindowState(JSON.parse(JSON.stringify(saved)))).toEqual({
      lastDisplay: '1',
      displays: { '1': { bounds: { x: 10, y: 30, width: 1000, height: 700 }, maximized: true } },
    })
  })

  it.each([
    null,
    'x',
    { lastDisplay: 1, displays: {} },
    { lastDisplay: '1', displays: { '1': { bounds: { x: 0, y: 0, width: 0, height: 10 }, maximized: false } } },
  ])('starts afresh from a damaged file: %j', (json) => {
    expect(parseWindowState(json)).toEqual(EMPTY_WINDOW_STATE)
  })
})

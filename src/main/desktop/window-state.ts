import { z } from 'zod'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** The parts of Electron's Display the placement needs. */
export interface DisplayArea {
  id: number
  workArea: Rect
}

export interface WindowPlacement {
  bounds: Rect
  maximized: boolean
}

/** window-state.json: one placement per display the window was last closed on. */
export interface WindowStateFile {
  lastDisplay: string | null
  displays: Record<string, WindowPlacement>
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const
export const EMPTY_WINDOW_STATE: WindowStateFile = { lastDisplay: null, displays: {} }

const rect = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() })
const fileSchema = z.object({
  lastDisplay: z.string().nullable(),
  displays: z.record(z.string(), z.object({ bounds: rect, maximized: z.boolean() })),
})

/** The stored state, or an empty one: a hand-edited or truncated file must not stop the app. */
export function parseWindowState(json: unknown): WindowStateFile {
  const parsed = fileSchema.safeParse(json)
  return parsed.success ? parsed.data : EMPTY_WINDOW_STATE
}

export const displayKey = (display: DisplayArea): string => String(display.id)

/** Bounds moved and shrunk so that the whole window lies inside the work area. */
export function clampToWorkArea(bounds: Rect, area: Rect): Rect {
  const width = Math.min(bounds.width, area.width)
  const height = Math.min(bounds.height, area.height)
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height)
  return { x, y, width, height }
}

/** A window of this size in the middle of the work area (shrunk to fit it). */
export function centredIn(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width)
  const height = Math.min(size.height, area.height)
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  }
}

/**
 * Where to open the window: where it was on the display it was last closed on; if that
 * display is gone, where it was on the primary display; else its last size, centred on
 * the primary display. Always clamped, so it never opens off screen.
 */
export function restorePlacement(saved: WindowStateFile, displays: readonly DisplayArea[], primary: DisplayArea): WindowPlacement {
  const last = saved.lastDisplay ? saved.displays[saved.lastDisplay] : undefined
  const lastDisplay = displays.find((d) => displayKey(d) === saved.lastDisplay)
  if (last && lastDisplay) return { bounds: clampToWorkArea(last.bounds, lastDisplay.workArea), maximized: last.maximized }
  const onPrimary = saved.displays[displayKey(primary)]
  if (onPrimary) return { bounds: clampToWorkArea(onPrimary.bounds, primary.workArea), maximized: onPrimary.maximized }
  return { bounds: centredIn(last?.bounds ?? DEFAULT_WINDOW_SIZE, primary.workArea), maximized: last?.maximized ?? false }
}

/** The state to store when the window closes on `display`. */
export function rememberPlacement(saved: WindowStateFile, display: DisplayArea, placement: WindowPlacement): WindowStateFile {
  const key = displayKey(display)
  const bounds = {
    x: Math.round(placement.bounds.x),
    y: Math.round(placement.bounds.y),
    width: Math.round(placement.bounds.width),
    height: Math.round(placement.bounds.height),
  }
  return { lastDisplay: key, displays: { ...saved.displays, [key]: { bounds, maximized: placement.maximized } } }
}

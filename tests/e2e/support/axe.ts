import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { settled } from './settled'

const BLOCKING = new Set(['serious', 'critical'])

/** The serious or critical violations on the screen once nothing moves, each rule with the elements it found. */
async function blockingViolations(page: Page): Promise<string[]> {
  // A notice fading in or out is half transparent: its contrast is judged once it has settled.
  await settled(page)
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
}

/**
 * Scans the screen as it is now with axe-core and fails on serious or critical violations. Every
 * spec calls it once it has reached a screen. A notice can start fading out while the scan runs
 * (its timer is not ours to stop), so a screen with findings is settled and scanned once more: a
 * real violation is found both times, a notice caught mid-fade only the first.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const first = await blockingViolations(page)
  const blocking = first.length ? await blockingViolations(page) : first
  expect(blocking, `serious or critical accessibility violations on ${screen}`).toEqual([])
}

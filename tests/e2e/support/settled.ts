import { expect, type Page } from '@playwright/test'

/**
 * Waits until nothing on the page is animating (a dialog closing, a notice fading): half-transparent
 * elements fail contrast checks and blur screenshots. Polled with evaluate (not waitForFunction, which
 * the console's CSP refuses: no eval); a string, since the tests compile without DOM types. A spinner
 * (an animation that repeats forever, e.g. a button waiting on the step-up prompt) never ends: it does not count.
 */
export async function settled(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        "document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().iterations === Infinity)",
      ),
    )
    .toBe(true)
}

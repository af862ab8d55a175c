import type { Locator, Page } from '@playwright/test'

/** What tells the operator which tenant they act in: the tenant banner's colour, the Demo badge, a slug to type before destructive actions. */
export class TenantContext {
  readonly banner: Locator

  constructor(readonly page: Page) {
    this.banner = page.getByRole('status').filter({ hasText: 'You are working in' })
  }

  /** The banner's own colour (the tenant's), as drawn. */
  async bannerColour(): Promise<{ name: string | null; background: string }> {
    return {
      name: await this.banner.getAttribute('data-tenant-colour'),
      // A string: the e2e code is compiled without the DOM's types.
      background: String(await this.banner.evaluate('(el) => getComputedStyle(el).backgroundColor')),
    }
  }

  /** The header's badge of a demo tenancy, named for screen readers. */
  demoBadge(tenantName: string): Locator {
    return this.page.getByRole('note', { name: `Demo tenancy: ${tenantName}` })
  }

  /** A confirmation dialog by its title. */
  dialog(title: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name: title })
  }

  /** "Type <slug> to confirm" in a confirmation dialog. */
  slugField(dialog: Locator): Locator {
    return dialog.getByRole('textbox', { name: /^Type .+ to confirm$/ })
  }
}

import { Anchor, NavLink, type AnchorProps, type NavLinkProps } from '@mantine/core'
import { createLink } from '@tanstack/react-router'
import type { AnchorHTMLAttributes, Ref } from 'react'

type AnchorAttributes = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'>

function MantineAnchor(props: AnchorProps & AnchorAttributes & { ref?: Ref<HTMLAnchorElement> }) {
  return <Anchor component="a" {...props} />
}

function MantineNavLink(props: NavLinkProps & AnchorAttributes & { ref?: Ref<HTMLAnchorElement> }) {
  return <NavLink component="a" {...props} />
}

/** A Mantine anchor that is a typed router link (`to`, `params`, `search` checked against the route table). */
export const AnchorLink = createLink(MantineAnchor)

/** A sidebar entry that is a typed router link. */
export const NavItemLink = createLink(MantineNavLink)

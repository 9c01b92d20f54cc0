import type { ComponentChildren } from 'preact'
import { onLinkClick } from '../lib/router'

export function Link({ href, children, class: className, ...rest }: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined; tabIndex?: number }) {
  return (
    <a href={href} class={className} onClick={onLinkClick} {...rest}>
      {children}
    </a>
  )
}

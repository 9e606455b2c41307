import { useEffect, useState } from 'react'

/** Bumps when the theme may have changed: `data-theme` on <html>, or the system colour scheme. */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1)
    const observer = new MutationObserver(bump)
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class'],
    })
    const scheme = window.matchMedia?.('(prefers-color-scheme: dark)')
    scheme?.addEventListener('change', bump)
    return () => {
      observer.disconnect()
      scheme?.removeEventListener('change', bump)
    }
  }, [])
  return version
}

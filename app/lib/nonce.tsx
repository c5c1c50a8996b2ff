import { createContext, useContext } from 'react'

const NonceContext = createContext<string | undefined>(undefined)

export const NonceProvider = NonceContext.Provider

/** The per-request nonce that the Content-Security-Policy allows inline scripts to carry. */
export function useNonce(): string | undefined {
  return useContext(NonceContext)
}

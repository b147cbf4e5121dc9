import { Component, type ReactNode } from 'react'
import { StartupError } from './startup-screens.tsx'

/** A render error shows what broke and a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null }

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown) {
    console.error('render error', error)
  }

  override render() {
    return this.state.error ? (
      <StartupError error={this.state.error} during="render" />
    ) : (
      this.props.children
    )
  }
}

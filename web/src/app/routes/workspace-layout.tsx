import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export interface WorkspaceLayoutProps {
  /** The map, or what stands in for it while it loads. */
  map: ReactNode
  panel: ReactNode
  /** The side panel's accessible name. */
  panelLabel?: string
  workspace: 'resident' | 'planner' | 'editor'
  /** The simplified list-first view (适老化): the panel takes the page, the map steps aside. */
  listFirst?: boolean
}

/**
 * The fixed frame every workspace shares: the map fills what the header leaves, the panel
 * scrolls on its own (a bottom sheet on a phone), and the page itself never scrolls.
 */
export function WorkspaceLayout({
  map,
  panel,
  panelLabel,
  workspace,
  listFirst = false,
}: WorkspaceLayoutProps) {
  const { t } = useTranslation()
  return (
    <div className={listFirst ? 'map-page list-first' : 'map-page'} data-workspace={workspace}>
      <div className="map-area">{map}</div>
      <aside
        id="side-panel"
        className="side-panel"
        aria-label={panelLabel ?? t('panel.title')}
        tabIndex={-1}
      >
        {panel}
      </aside>
    </div>
  )
}

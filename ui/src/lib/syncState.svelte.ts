/**
 * What the window knows about sync outside the sync screen: the lead's count of open
 * conflicts (the badge on the menu) and the folder sync made after login, which runs in the
 * background and is shown on the sync screen (and, while it runs or if it failed, in the
 * header). It never stands in a counselor's way: a failure is reported, not raised.
 */
import * as backend from './backend';
import type { BackendError, FolderReport, Role } from './backend';
import { showsLeadParts } from './sync';

export type AutoSync =
  | { state: 'running' }
  | { state: 'done'; report: FolderReport }
  | { state: 'failed'; error: BackendError };

export const syncState = $state({
  /** Open conflicts, for the lead's badge; 0 for everyone else. */
  openConflicts: 0,
  /** The folder sync after login, if a folder is set. */
  auto: null as AutoSync | null,
});

/** The badge's count, from the core's status (only the lead sees conflicts). */
export async function refreshConflictCount(role: Role | null | undefined) {
  syncState.openConflicts = showsLeadParts(role) ? (await backend.syncStatus()).open_conflicts : 0;
}

/**
 * After login: syncs with the sync folder, if one is set, and updates the badge. Best effort:
 * a failure is kept for the sync screen and the header. Answers the folder report, if any.
 */
export async function syncAfterLogin(role: Role): Promise<FolderReport | null> {
  syncState.auto = null;
  let report: FolderReport | null = null;
  // Only a sync that was tried and failed is worth a word; no folder, no sync.
  const folder = await backend.syncFolderPath().catch(() => null);
  if (folder) {
    syncState.auto = { state: 'running' };
    try {
      report = await backend.syncFolder();
      syncState.auto = { state: 'done', report };
    } catch (reason) {
      syncState.auto = { state: 'failed', error: backend.toBackendError(reason) };
    }
  }
  await refreshConflictCount(role).catch(() => {});
  return report;
}

/** Forgets the login sync (logout, another account). */
export function resetSyncState() {
  syncState.openConflicts = 0;
  syncState.auto = null;
}

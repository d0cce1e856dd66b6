/**
 * The window never reloads itself: F5, Ctrl+R (Ctrl+Shift+R, Ctrl+F5) and the context menu's
 * "다시 읽기" would throw away an unsaved form, and the UI is always the build embedded in the
 * app, so a reload never brings anything new. Blocked in every build: a developer restarts
 * the app instead. The context menu stays where it is useful, in text fields (cut, copy,
 * paste), whose menu has no reload.
 */

/** Whether the key pressed would reload the page in a browser engine. */
export function isReloadKey(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  if (e.key === 'F5' || e.code === 'F5' || e.key === 'BrowserRefresh') return true;
  // By the key's place too (KeyR), so a Korean keyboard layout is covered.
  const r = e.key.toLowerCase() === 'r' || e.code === 'KeyR';
  return r && (e.ctrlKey || e.metaKey) && !e.altKey;
}

/** Whether a right click on `target` may show the engine's menu: only in text fields. */
export function keepsContextMenu(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const field = target.closest('input, textarea, [contenteditable=""], [contenteditable="true"]');
  if (!field) return false;
  const type = field instanceof HTMLInputElement ? field.type : 'text';
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'image', 'range', 'color'].includes(type);
}

/** Blocks the reload keys and the context menu (outside text fields) in `target`; returns
 * the function that removes the blocks. Capturing, so no handler of a screen sees them first. */
export function blockReload(target: Window): () => void {
  const keydown = (e: KeyboardEvent) => {
    if (isReloadKey(e)) e.preventDefault();
  };
  const contextmenu = (e: MouseEvent) => {
    if (!keepsContextMenu(e.target)) e.preventDefault();
  };
  target.addEventListener('keydown', keydown, { capture: true });
  target.addEventListener('contextmenu', contextmenu, { capture: true });
  return () => {
    target.removeEventListener('keydown', keydown, { capture: true });
    target.removeEventListener('contextmenu', contextmenu, { capture: true });
  };
}

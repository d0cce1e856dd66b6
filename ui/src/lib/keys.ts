/**
 * Keyboard rules shared by every form. Korean is typed through an IME: while a syllable is
 * being composed, Enter commits it and must never save or submit anything.
 */
import type { Attachment } from 'svelte/attachments';

/** Whether the key belongs to an IME composition (WebKit also reports keyCode 229 then). */
export function composing(e: KeyboardEvent): boolean {
  return e.isComposing || e.keyCode === 229;
}

/** Ctrl+Enter (⌘+Enter on a Mac): save the form, from any field. */
export function isSaveChord(e: KeyboardEvent): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !composing(e);
}

/**
 * The keydown handler of a form: Ctrl+Enter saves; a plain Enter in a one-line field saves
 * only when `enterSaves` (small forms), never while composing; Enter in a text area is a
 * new line.
 */
export function formKeys(save: () => void, enterSaves = false) {
  return (e: KeyboardEvent) => {
    if (isSaveChord(e)) {
      e.preventDefault();
      save();
      return;
    }
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement | null;
    if (target?.tagName !== 'INPUT') return;
    // Stops the browser's implicit submission too.
    e.preventDefault();
    if (enterSaves && !composing(e)) save();
  };
}

/** `formKeys` as an attachment: `<form {@attach saveKeys(save)}>`. */
export function saveKeys(save: () => void, enterSaves = false): Attachment<HTMLElement> {
  return (node) => {
    const handler = formKeys(save, enterSaves);
    node.addEventListener('keydown', handler);
    return () => node.removeEventListener('keydown', handler);
  };
}

/** Gives an element the focus when it appears: the first field of a screen or a dialog. */
export const focusOnMount: Attachment<HTMLElement> = (node) => {
  // After the rest of the screen has mounted, so a later autofocus cannot take it back.
  queueMicrotask(() => node.focus());
};

/** Escape runs `cancel` (leaving a dialog or a sub-form): `<form {@attach escapeKey(cancel)}>`. */
export function escapeKey(cancel: () => void): Attachment<HTMLElement> {
  return (node) => {
    const handler = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      cancel();
    };
    node.addEventListener('keydown', handler);
    return () => node.removeEventListener('keydown', handler);
  };
}

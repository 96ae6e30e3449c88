/** Every review action and its keys; the key handler, the shortcut sheet and the README read this. */
export type ReviewAction =
  | 'prev' | 'next' | 'up' | 'down' | 'first' | 'last'
  | 'pick' | 'reject' | 'unflag' | 'undo' | 'keepSharpest'
  | 'rate0' | 'rate1' | 'rate2' | 'rate3' | 'rate4' | 'rate5'
  | 'label6' | 'label7' | 'label8' | 'label9'
  | 'loupe' | 'open' | 'toggleMode' | 'survey' | 'select' | 'zoomIn' | 'zoomOut' | 'actualPixels' | 'overlay' | 'pin'
  | 'openTrash' | 'help' | 'back';

export interface Shortcut {
  action: ReviewAction;
  keys: string[];
  label: string;
}

export const shortcutGroups: { title: string; shortcuts: Shortcut[] }[] = [
  {
    title: 'Move',
    shortcuts: [
      { action: 'prev', keys: ['←'], label: 'Previous photo' },
      { action: 'next', keys: ['→'], label: 'Next photo' },
      { action: 'up', keys: ['↑'], label: 'Row up (grid)' },
      { action: 'down', keys: ['↓'], label: 'Row down (grid)' },
      { action: 'first', keys: ['Home'], label: 'First photo' },
      { action: 'last', keys: ['End'], label: 'Last photo' },
    ],
  },
  {
    title: 'Decide and mark',
    shortcuts: [
      { action: 'pick', keys: ['P', 'K'], label: 'Pick (keep) and advance' },
      { action: 'reject', keys: ['X'], label: 'Reject (mark for trash) and advance' },
      { action: 'unflag', keys: ['U'], label: 'Unflag: clear pick or reject' },
      { action: 'undo', keys: ['Ctrl+Z'], label: 'Undo the last action' },
      { action: 'rate1', keys: ['0', '1–5'], label: 'Rating: no stars, 1 to 5 stars' },
      { action: 'label6', keys: ['6', '7', '8', '9'], label: 'Colour label red, yellow, green, blue (again: none)' },
      { action: 'keepSharpest', keys: ['B'], label: 'Keep the sharpest of each burst (preview first)' },
      { action: 'openTrash', keys: ['T'], label: 'Open the trash review (moving needs Ctrl+Enter or a click)' },
    ],
  },
  {
    title: 'View',
    shortcuts: [
      { action: 'loupe', keys: ['E'], label: 'Loupe: one photo, full size (again: grid)' },
      { action: 'open', keys: ['Enter', 'double-click'], label: 'Open a burst stack (all photos), else the loupe' },
      { action: 'toggleMode', keys: ['Space'], label: 'Toggle grid / compare with the sharpest sibling' },
      { action: 'select', keys: ['Ctrl+click', 'S'], label: 'Select photos for N-up (2–4)' },
      { action: 'survey', keys: ['N'], label: 'N-up compare of the selected photos' },
      { action: 'zoomIn', keys: ['+'], label: 'Zoom in a step' },
      { action: 'zoomOut', keys: ['−'], label: 'Zoom out a step' },
      { action: 'actualPixels', keys: ['Z'], label: '100% at the cursor (or centre); again to fit' },
      { action: 'overlay', keys: ['F'], label: 'Focus map on / off (the default is in Settings)' },
      { action: 'pin', keys: ['L'], label: 'Lock the keeper pane in compare' },
      { action: 'back', keys: ['Esc'], label: 'Back to the grid' },
      { action: 'help', keys: ['?'], label: 'This shortcut sheet' },
    ],
  },
];

/** What actionForKey reads of a keydown (a KeyboardEvent is one). */
export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export function actionForKey(e: KeyPress): ReviewAction | null {
  if (e.altKey || e.metaKey) return null;
  if (e.ctrlKey) return e.key.toLowerCase() === 'z' && !e.shiftKey ? 'undo' : null;
  switch (e.key) {
    case 'ArrowLeft': return 'prev';
    case 'ArrowRight': return 'next';
    case 'ArrowUp': return 'up';
    case 'ArrowDown': return 'down';
    case 'Home': return 'first';
    case 'End': return 'last';
    case 'Enter': return 'open';
    case ' ': return 'toggleMode';
    case 'Escape': return 'back';
    case '?': return 'help';
    case '+': case '=': return 'zoomIn';
    case '-': case '_': return 'zoomOut';
  }
  if (/^[0-5]$/.test(e.key)) return `rate${e.key}` as ReviewAction;
  if (/^[6-9]$/.test(e.key)) return `label${e.key}` as ReviewAction;
  switch (e.key.toLowerCase()) {
    case 'x': return 'reject';
    case 'k': case 'p': return 'pick';
    case 'u': return 'unflag';
    case 'b': return 'keepSharpest';
    case 'e': return 'loupe';
    case 'n': return 'survey';
    case 's': return 'select';
    case 't': return 'openTrash';
    case 'z': return 'actualPixels';
    case 'f': return 'overlay';
    case 'l': return 'pin';
  }
  return null;
}

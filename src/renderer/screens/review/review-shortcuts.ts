/** Every review action and its keys; the key handler and the shortcut sheet both read this. */
export type ReviewAction =
  | 'prev' | 'next' | 'up' | 'down' | 'first' | 'last'
  | 'trash' | 'keep' | 'undo' | 'keepSharpest'
  | 'toggleMode' | 'actualPixels' | 'overlay' | 'pin'
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
    title: 'Decide',
    shortcuts: [
      { action: 'trash', keys: ['X'], label: 'Mark for trash and advance' },
      { action: 'keep', keys: ['K'], label: 'Keep (unflag) and advance' },
      { action: 'undo', keys: ['U', 'Ctrl+Z'], label: 'Undo the last action' },
      { action: 'keepSharpest', keys: ['B'], label: 'Keep the sharpest of each burst (preview first)' },
      { action: 'openTrash', keys: ['Enter'], label: 'Open the trash review' },
    ],
  },
  {
    title: 'View',
    shortcuts: [
      { action: 'toggleMode', keys: ['Space'], label: 'Toggle grid / compare' },
      { action: 'actualPixels', keys: ['Z'], label: '100% at the cursor (or centre); again to fit' },
      { action: 'overlay', keys: ['F'], label: 'Focus overlay' },
      { action: 'pin', keys: ['P'], label: 'Pin the keeper pane' },
      { action: 'back', keys: ['Esc'], label: 'Back to the grid' },
      { action: 'help', keys: ['?'], label: 'This shortcut sheet' },
    ],
  },
];

export function actionForKey(e: KeyboardEvent): ReviewAction | null {
  if (e.altKey || e.metaKey) return null;
  if (e.ctrlKey) return e.key.toLowerCase() === 'z' && !e.shiftKey ? 'undo' : null;
  switch (e.key) {
    case 'ArrowLeft': return 'prev';
    case 'ArrowRight': return 'next';
    case 'ArrowUp': return 'up';
    case 'ArrowDown': return 'down';
    case 'Home': return 'first';
    case 'End': return 'last';
    case 'Enter': return 'openTrash';
    case ' ': return 'toggleMode';
    case 'Escape': return 'back';
    case '?': return 'help';
  }
  switch (e.key.toLowerCase()) {
    case 'x': return 'trash';
    case 'k': return 'keep';
    case 'u': return 'undo';
    case 'b': return 'keepSharpest';
    case 'z': return 'actualPixels';
    case 'f': return 'overlay';
    case 'p': return 'pin';
  }
  return null;
}

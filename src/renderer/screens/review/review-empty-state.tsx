export function ReviewEmptyState({ noLibraries, filtered, onOpenLibraries }: { noLibraries: boolean; filtered: boolean; onOpenLibraries(): void }) {
  if (noLibraries) {
    return (
      <div className="empty-state">
        <h2>Nothing to review yet</h2>
        <p>Add a folder of photos and Crisp will find the blurry ones.</p>
        <button type="button" className="primary" onClick={onOpenLibraries}>Add a library</button>
      </div>
    );
  }
  return (
    <div className="empty-state" data-testid="review-empty">
      <h2>{filtered ? 'No flagged photos match these filters' : 'No flagged photos — nice shooting'}</h2>
      <p>{filtered ? 'Clear a filter or lower the threshold to see more.' : 'Every scored photo is under the blur threshold. Drag the threshold left to be stricter.'}</p>
    </div>
  );
}

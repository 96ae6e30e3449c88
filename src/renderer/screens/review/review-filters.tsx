import type { LibrarySummary } from '../../../shared/review-types.ts';
import type { ReviewFilters as Filters } from '../../app/review-session-context.tsx';

interface Props {
  filters: Filters;
  libraries: LibrarySummary[];
  onChange(f: Filters): void;
}

const orUndefined = <T extends string>(v: string) => (v === '' ? undefined : (v as T));

export function ReviewFilters({ filters, libraries, onChange }: Props) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const active = Object.values(filters).some((v) => v !== undefined);
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>Library</span>
        <select
          value={filters.libraryId ?? ''}
          onChange={(e) => set({ libraryId: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">All libraries</option>
          {libraries.map((l) => <option key={l.id} value={l.id}>{l.path.split(/[\\/]/).filter(Boolean).pop()}</option>)}
        </select>
      </label>
      <label>
        <span>From</span>
        <input type="date" value={filters.dateFrom ?? ''} max={filters.dateTo} onChange={(e) => set({ dateFrom: orUndefined(e.target.value) })} />
      </label>
      <label>
        <span>To</span>
        <input type="date" value={filters.dateTo ?? ''} min={filters.dateFrom} onChange={(e) => set({ dateTo: orUndefined(e.target.value) })} />
      </label>
      <label>
        <span>Blur type</span>
        <select value={filters.blurType ?? ''} onChange={(e) => set({ blurType: orUndefined(e.target.value) })}>
          <option value="">Any</option>
          <option value="defocus">Out of focus</option>
          <option value="motion">Motion / shake</option>
        </select>
      </label>
      <label>
        <span>Decision</span>
        <select value={filters.decision ?? ''} onChange={(e) => set({ decision: orUndefined(e.target.value) })}>
          <option value="">All</option>
          <option value="undecided">Undecided</option>
          <option value="trash">Rejected (marked for trash)</option>
          <option value="keep">Picked (kept)</option>
        </select>
      </label>
      <label>
        <span>Rating</span>
        <select aria-label="Rating" value={filters.minRating ?? ''} onChange={(e) => set({ minRating: e.target.value === '' ? undefined : Number(e.target.value) })}>
          <option value="">Any</option>
          {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{'★'.repeat(n)}{n < 5 ? ' or more' : ''}</option>)}
        </select>
      </label>
      <label>
        <span>Label</span>
        <select aria-label="Label" value={filters.label ?? ''} onChange={(e) => set({ label: orUndefined(e.target.value) })}>
          <option value="">Any</option>
          {['Red', 'Yellow', 'Green', 'Blue', 'Purple'].map((l) => <option key={l} value={l}>{l}</option>)}
          <option value="none">No label</option>
        </select>
      </label>
      <button type="button" className="link-button" disabled={!active} onClick={() => onChange({})}>Clear</button>
    </form>
  );
}

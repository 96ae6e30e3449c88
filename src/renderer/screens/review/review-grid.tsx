import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { PhotoListItem } from '../../../shared/review-types.ts';
import { useClient } from '../../api/client-context.tsx';
import { CompanionBadge, DecisionBadge, extrasDescription, ScoreBadge, SidecarBadges, StackBadge } from './photo-badges.tsx';
import type { ReviewList } from './use-review-list.ts';
import { useElementSize } from './use-element-size.ts';

const MIN_CELL = 200;
const GAP = 8;
const CAPTION = 30;

export interface ClickModifiers {
  /** Shift: compare against this photo. */
  shift: boolean;
  /** Ctrl or Cmd: add to or drop from the N-up selection. */
  toggle: boolean;
}

interface Props {
  list: ReviewList;
  activeIndex: number;
  /** Accessible name of the grid: what it lists, in which order. */
  label: string;
  selection: ReadonlySet<number>;
  /** Bursts are shown as stacks (the all-photos view); openBurst is the one opened. */
  stacked: boolean;
  openBurst: string | undefined;
  onActivate(index: number, modifiers: ClickModifiers): void;
  onOpen(index: number): void;
  /** Reports the column count so ↑/↓ can move a row. */
  onColumns(columns: number): void;
}

export function ReviewGrid({ list, activeIndex, label, selection, stacked, openBurst, onActivate, onOpen, onColumns }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(scroller);
  const inner = Math.max(0, width - 2 * GAP);
  const columns = Math.max(1, Math.floor((inner + GAP) / (MIN_CELL + GAP)));
  const cellWidth = (inner - GAP * (columns - 1)) / columns;
  const rowHeight = Math.round(cellWidth * 0.75 + CAPTION + GAP);
  const total = list.total ?? 0;
  const rows = Math.ceil(total / columns);

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 4,
  });
  useEffect(() => { virtualizer.measure(); }, [rowHeight, virtualizer]);
  useEffect(() => onColumns(columns), [columns, onColumns]);

  const virtualRows = virtualizer.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => {
    list.ensure(firstRow * columns, (lastRow + 1) * columns - 1);
  }, [list, firstRow, lastRow, columns]);

  const activeRow = Math.floor(activeIndex / columns);
  useEffect(() => {
    if (rows > 0 && width > 0) virtualizer.scrollToIndex(Math.min(activeRow, rows - 1), { align: 'auto' });
  }, [activeRow, rows, width, virtualizer]);

  return (
    <div
      ref={scroller}
      className="review-grid"
      role="listbox"
      aria-label={label}
      aria-multiselectable={selection.size > 0 ? true : undefined}
      aria-activedescendant={total > 0 ? `photo-cell-${activeIndex}` : undefined}
      tabIndex={0}
      data-autofocus
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualRows.map((row) => (
          <div key={row.key} className="grid-row" style={{ transform: `translateY(${row.start}px)`, height: rowHeight, padding: `0 ${GAP}px`, gap: GAP }}>
            {Array.from({ length: columns }, (_, c) => {
              const index = row.index * columns + c;
              if (index >= total) return <div key={c} style={{ width: cellWidth }} />;
              return (
                <GridCell
                  key={c}
                  index={index}
                  item={list.itemAt(index)}
                  active={index === activeIndex}
                  selected={list.itemAt(index) !== undefined && selection.has(list.itemAt(index)!.id)}
                  stacked={stacked}
                  openBurst={openBurst}
                  width={cellWidth}
                  total={total}
                  onActivate={onActivate}
                  onOpen={onOpen}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

interface CellProps {
  index: number;
  item: PhotoListItem | undefined;
  active: boolean;
  selected: boolean;
  stacked: boolean;
  openBurst: string | undefined;
  width: number;
  total: number;
  onActivate(index: number, modifiers: ClickModifiers): void;
  onOpen(index: number): void;
}

const GridCell = memo(function GridCell({ index, item, active, selected, stacked, openBurst, width, total, onActivate, onOpen }: CellProps) {
  const client = useClient();
  return (
    <div
      id={`photo-cell-${index}`}
      className={`grid-cell${active ? ' active' : ''}${selected ? ' selected' : ''}${item?.decision ? ` decided-${item.decision}` : ''}`}
      style={{ width }}
      role="option"
      aria-selected={active}
      data-selected={selected ? 'true' : undefined}
      aria-setsize={total}
      aria-posinset={index + 1}
      aria-label={item ? `${item.fileName}, blur ${item.blurScore?.toFixed(2) ?? 'unscored'}${item.decision ? `, marked ${item.decision}` : ''}${extrasDescription(item)}` : 'Loading'}
      data-photo-id={item?.id}
      data-index={index}
      onClick={(e) => onActivate(index, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey })}
      onDoubleClick={() => onOpen(index)}
    >
      <div className="cell-thumb">
        {item && <img src={client.mediaUrl('thumb', item.id)} alt="" loading="lazy" decoding="async" draggable={false} />}
        {item && <div className="cell-badges"><ScoreBadge item={item} /><DecisionBadge decision={item.decision} /></div>}
        {item && <div className="cell-extras">{stacked && <StackBadge item={item} open={item.burstId !== null && item.burstId === openBurst} />}<CompanionBadge item={item} /><SidecarBadges item={item} /></div>}
      </div>
      <div className="cell-caption" title={item?.path}>{item?.fileName ?? '\u00a0'}</div>
    </div>
  );
});

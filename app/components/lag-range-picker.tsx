'use client';
// The lag charts' range (15 min ... 30 d), kept in the address as ?range= so a chart can be shared as seen.
import { type LagRangeId, lagRangeIds, lagRanges, parseLagRange } from '../../domain/lag-ranges.ts';
import { useQueryState } from './query-state.ts';

export function useLagRange(): [LagRangeId, (range: LagRangeId) => void] {
  const { params, update } = useQueryState();
  return [parseLagRange(params.get('range')), (range) => update({ range })];
}

export function LagRangePicker({ range, onChange }: { range: LagRangeId; onChange: (range: LagRangeId) => void }) {
  return (
    <fieldset className="range-picker" aria-label="Time range">
      {lagRangeIds.map((id) => (
        <button
          key={id}
          type="button"
          className={id === range ? undefined : 'secondary'}
          aria-pressed={id === range}
          onClick={() => onChange(id)}
        >
          {lagRanges[id].label}
        </button>
      ))}
    </fieldset>
  );
}

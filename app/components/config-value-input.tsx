'use client';
// Edits one config value the way its kind needs it: a duration or size with a unit, a choice from Kafka's
// values, true/false, a bounded number, or text. Emits Kafka's raw string (ms, bytes); limits shown beside.
import { type ReactNode, useState } from 'react';
import type { ConfigKind } from '@/server/services/topics/topic-config-catalog.ts';
import { durationUnits, joinUnit, sizeUnits, splitIntoUnit, describeWithUnit } from './config-units.ts';

interface Props {
  name: string;
  edit: ConfigKind;
  value: string;
  onChange: (value: string) => void;
  /** Accessible label; defaults to the config name. */
  label?: string;
}

export function ConfigValueInput({ name, edit, value, onChange, label }: Props) {
  const aria = label ?? name;
  switch (edit.kind) {
    case 'duration':
    case 'size':
      return <UnitInput name={name} edit={edit} value={value} onChange={onChange} label={aria} />;
    case 'enum':
      return (
        <select aria-label={aria} value={value} onChange={(event) => onChange(event.target.value)}>
          {!edit.options.includes(value) && <option value={value}>{value || '(choose)'}</option>}
          {edit.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <select aria-label={aria} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case 'number':
      return (
        <input
          aria-label={aria}
          type="number"
          value={value}
          min={edit.min}
          max={Number(edit.max) <= Number.MAX_SAFE_INTEGER ? Number(edit.max) : undefined}
          step={edit.integer ? 1 : 'any'}
          onChange={(event) => onChange(event.target.value)}
          style={{ width: 140 }}
        />
      );
    case 'text':
      return <input aria-label={aria} value={value} maxLength={10_000} onChange={(event) => onChange(event.target.value)} />;
  }
}

function UnitInput({
  name,
  edit,
  value,
  onChange,
  label,
}: {
  name: string;
  edit: Extract<ConfigKind, { kind: 'duration' | 'size' }>;
  value: string;
  onChange: (value: string) => void;
  label: string;
}) {
  const units = edit.kind === 'duration' ? durationUnits : sizeUnits;
  const specials = edit.specials ?? {};
  const isSpecial = Object.hasOwn(specials, value);
  const initial = splitIntoUnit(value, units);
  const [amount, setAmount] = useState(isSpecial ? '' : initial.amount);
  const [unit, setUnit] = useState(isSpecial ? units[units.length - 1].label : initial.unit);
  const emit = (nextAmount: string, nextUnit: string) => {
    const joined = joinUnit(nextAmount, nextUnit, units);
    onChange(joined ?? nextAmount);
  };
  const min = edit.kind === 'duration' ? edit.minMs : edit.minBytes;
  const max = edit.kind === 'duration' ? edit.maxMs : edit.maxBytes;
  return (
    <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
      <input
        aria-label={label}
        inputMode="decimal"
        value={isSpecial ? '' : amount}
        disabled={isSpecial}
        onChange={(event) => {
          setAmount(event.target.value);
          emit(event.target.value, unit);
        }}
        style={{ width: 110 }}
      />
      <select
        aria-label={`${name} unit`}
        value={isSpecial ? `special:${value}` : unit}
        onChange={(event) => {
          const choice = event.target.value;
          if (choice.startsWith('special:')) onChange(choice.slice('special:'.length));
          else {
            setUnit(choice);
            emit(amount || '1', choice);
            if (!amount) setAmount('1');
          }
        }}
      >
        {units.map((candidate) => (
          <option key={candidate.label} value={candidate.label}>
            {candidate.label}
          </option>
        ))}
        {Object.entries(specials).map(([special, words]) => (
          <option key={special} value={`special:${special}`}>
            {words} ({special})
          </option>
        ))}
      </select>
      <span
        className="muted"
        style={{ fontSize: 12, whiteSpace: 'nowrap' }}
        title={`Kafka's limits: ${min} to ${max} ${edit.kind === 'duration' ? 'ms' : 'bytes'}`}
      >
        = {describeWithUnit(value, units)}
      </span>
    </span>
  );
}

interface CatalogFieldProps {
  /** The field's title above the input. */
  title: string;
  name: string;
  /** The config catalog's entries (kinds, units); undefined while it loads. */
  catalog: readonly { name: string; edit: ConfigKind }[] | undefined;
  value: string;
  onChange: (value: string) => void;
  label: string;
  /** Shown under the input, e.g. the policy's words about this value. */
  children?: ReactNode;
}

/** A form field for one config: its title, then its input once the catalog says how to edit it. */
export function CatalogConfigField({ title, name, catalog, value, onChange, label, children }: CatalogFieldProps) {
  const edit = catalog?.find((entry) => entry.name === name)?.edit ?? { kind: 'text' as const };
  return (
    <div className="field">
      {title}
      {catalog ? (
        <ConfigValueInput name={name} edit={edit} value={value} onChange={onChange} label={label} />
      ) : (
        <span className="muted">Loading…</span>
      )}
      {children}
    </div>
  );
}

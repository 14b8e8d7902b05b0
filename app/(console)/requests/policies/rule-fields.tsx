'use client';
// Inputs for one optional policy rule: empty means "no limit". Durations and sizes take an amount and a
// unit and give Kafka's raw number (ms, bytes) as the policy stores it.
import { useState } from 'react';
import { joinUnit, splitIntoUnit, type Unit } from '../../../components/config-units.ts';

export function OptionalNumberField({
  label,
  value,
  onChange,
  min,
  max,
}: {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  min: number;
  max: number;
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        placeholder="no limit"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? null : Number(event.target.value))}
      />
    </label>
  );
}

export function OptionalUnitField({
  label,
  value,
  onChange,
  units,
}: {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  units: Unit[];
}) {
  const initial = value === null ? { amount: '', unit: units[units.length - 1].label } : splitIntoUnit(String(value), units);
  const [amount, setAmount] = useState(initial.amount);
  const [unit, setUnit] = useState(initial.unit);
  const emit = (nextAmount: string, nextUnit: string) => {
    if (nextAmount.trim() === '') return onChange(null);
    const joined = joinUnit(nextAmount, nextUnit, units);
    onChange(joined === null ? Number.NaN : Number(joined));
  };
  return (
    <label>
      {label}
      <span style={{ display: 'inline-flex', gap: 4 }}>
        <input
          aria-label={label}
          inputMode="decimal"
          placeholder="no limit"
          value={amount}
          style={{ width: 110 }}
          onChange={(event) => {
            setAmount(event.target.value);
            emit(event.target.value, unit);
          }}
        />
        <select
          aria-label={`${label} unit`}
          value={unit}
          onChange={(event) => {
            setUnit(event.target.value);
            emit(amount, event.target.value);
          }}
        >
          {units.map((candidate) => (
            <option key={candidate.label}>{candidate.label}</option>
          ))}
        </select>
      </span>
    </label>
  );
}

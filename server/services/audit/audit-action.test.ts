import { describe, expect, it } from 'vitest';
import { auditActionOptions } from '../../../app/(console)/audit/audit-action-options.ts';
import { auditActions } from './audit-action.ts';

describe('audit actions', () => {
  it('offers the audit viewer exactly the actions the server records', () => {
    expect([...auditActionOptions]).toEqual([...auditActions]);
  });

  it('names every action entity.verb', () => {
    for (const action of auditActions) expect(action).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
  });
});

import { describe, expect, it } from 'vitest';
import { auditActions } from '../../domain/audit-actions.ts';
import { auditEntryForBrokerChange, madeByConsole, parseBrokerChange, type BrokerChange } from './broker-change-audit-entry.ts';

const change = (overrides: Partial<BrokerChange> = {}): BrokerChange => ({
  action: 'topic.create',
  resource: 'orders',
  clientId: 'kafka-topics',
  clientAddress: '192.0.2.10:51234',
  principal: null,
  parameters: { partitions: 3, configs: {} },
  timeMs: Date.UTC(2025, 0, 2, 3, 4, 5),
  ...overrides,
});
const position = { clusterId: 'built-in', offset: 41n };

describe('parsing admin-change records', () => {
  it('accepts the record the broker writes', () => {
    const parsed = parseBrokerChange(Buffer.from(JSON.stringify(change())));
    expect(parsed).toEqual({ ok: true, change: change() });
  });

  it('reads records of brokers that did not write a principal yet as made without SASL', () => {
    const { principal, ...older } = change({ principal: 'ops' });
    expect(principal).toBe('ops');
    expect(parseBrokerChange(Buffer.from(JSON.stringify(older)))).toEqual({ ok: true, change: change({ principal: null }) });
  });

  it('explains why a value without JSON, with the wrong shape or with no value is refused', () => {
    expect(parseBrokerChange(null)).toEqual({ ok: false, reason: 'the record has no value' });
    const notJson = parseBrokerChange(Buffer.from('{"action":'));
    expect(notJson.ok === false && notJson.reason).toMatch(/not JSON/);
    const wrongShape = parseBrokerChange(Buffer.from(JSON.stringify({ ...change(), clientAddress: 7 })));
    expect(wrongShape.ok === false && wrongShape.reason).toMatch(/clientAddress/);
  });
});

describe('audit entries for broker changes', () => {
  it('attributes a change to the client id and address with a request id naming the topic offset', () => {
    expect(auditEntryForBrokerChange(change(), position)).toEqual({
      action: 'topic.create',
      resourceType: 'topic',
      clusterId: 'built-in',
      resourceName: 'orders',
      parameters: { partitions: 3, configs: {} },
      clientId: 'kafka-topics',
      clientAddress: '192.0.2.10:51234',
      occurredAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
      requestId: '__samsa_admin_changes@41',
    });
  });

  it('maps every broker action to an audit action of the closed list', () => {
    const brokerActions = [
      'topic.create',
      'topic.delete',
      'topic.createPartitions',
      'topic.alterConfigs',
      'topic.deleteRecords',
      'broker.alterConfigs',
      'group.delete',
      'group.commitOffsets',
      'group.deleteOffsets',
      'group.alterConfigs',
    ];
    for (const action of brokerActions) {
      const entry = auditEntryForBrokerChange(change({ action }), position);
      expect(auditActions).toContain(entry.action);
      expect(entry.action).not.toBe('broker.change');
    }
    expect(auditEntryForBrokerChange(change({ action: 'topic.deleteRecords' }), position)).toMatchObject({
      action: 'records.delete',
      resourceType: 'topic',
    });
    expect(auditEntryForBrokerChange(change({ action: 'group.commitOffsets', resource: 'billing' }), position)).toMatchObject({
      action: 'group.commitOffsets',
      resourceType: 'group',
    });
  });

  it('records an action it does not know yet as broker.change, keeping the broker action name', () => {
    const entry = auditEntryForBrokerChange(
      change({ action: 'group.alterMembers', resource: 'billing', parameters: { members: 2 } }),
      position,
    );
    expect(entry).toMatchObject({
      action: 'broker.change',
      resourceType: 'group',
      resourceName: 'billing',
      parameters: { brokerAction: 'group.alterMembers', members: 2 },
    });
    expect(auditEntryForBrokerChange(change({ action: 'toString' }), position).action).toBe('broker.change');
  });

  it('tells the console’s own changes by the SASL principal, never by the client id', () => {
    expect(madeByConsole(change({ principal: 'samsa-console', clientId: 'anything' }), 'samsa-console')).toBe(true);
    expect(madeByConsole(change({ clientId: 'samsa-console-built-in', principal: null }), 'samsa-console')).toBe(false);
    expect(madeByConsole(change({ clientId: 'samsa-console-evil', principal: 'ops' }), 'samsa-console')).toBe(false);
    // A console without a login of its own skips nothing.
    expect(madeByConsole(change({ principal: null }), null)).toBe(false);
  });

  it('keeps the SASL principal of a change in its parameters', () => {
    expect(auditEntryForBrokerChange(change({ principal: 'ops' }), position).parameters).toEqual({
      partitions: 3,
      configs: {},
      saslPrincipal: 'ops',
    });
  });
});

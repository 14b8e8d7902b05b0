import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { applyIncrementalOperations, ConfigOperation, replaceTopicConfigs } from './alter-topic-configs.ts';

const { SET, DELETE, APPEND, SUBTRACT } = ConfigOperation;

describe('applyIncrementalOperations', () => {
  it('APPEND starts from the effective value (broker default first) and never duplicates an item', () => {
    const result = applyIncrementalOperations({}, [{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact,delete' }], {
      'cleanup.policy': 'delete',
    });
    expect(result).toEqual({ configs: { 'cleanup.policy': 'delete,compact' } });
  });

  it('SUBTRACT removes items and DELETE drops the override', () => {
    const result = applyIncrementalOperations(
      { 'cleanup.policy': 'delete,compact', 'retention.ms': '5' },
      [
        { name: 'cleanup.policy', configOperation: SUBTRACT, value: 'delete' },
        { name: 'retention.ms', configOperation: DELETE, value: null },
      ],
      {},
    );
    expect(result).toEqual({ configs: { 'cleanup.policy': 'compact' } });
  });

  it('refuses unknown operations and null values with INVALID_REQUEST, bad values with INVALID_CONFIG', () => {
    expect(applyIncrementalOperations({}, [{ name: 'retention.ms', configOperation: 9, value: '1' }], {})).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
    });
    expect(applyIncrementalOperations({}, [{ name: 'retention.ms', configOperation: SET, value: null }], {})).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
    });
    expect(applyIncrementalOperations({}, [{ name: 'segment.bytes', configOperation: SET, value: '100' }], {})).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
    });
    expect(applyIncrementalOperations({}, [{ name: 'cleanup.policy', configOperation: SET, value: 'shred' }], {})).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
    });
    expect(applyIncrementalOperations({}, [{ name: 'remote.storage.enable', configOperation: SET, value: 'true' }], {})).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
    });
  });
});

describe('replaceTopicConfigs', () => {
  it('returns exactly the given set, validated', () => {
    expect(replaceTopicConfigs([{ name: 'retention.ms', value: '1000' }])).toEqual({ configs: { 'retention.ms': '1000' } });
    expect(replaceTopicConfigs([{ name: 'retention.ms', value: '-5' }])).toMatchObject({ errorCode: ErrorCode.INVALID_CONFIG });
    expect(
      replaceTopicConfigs([
        { name: 'a', value: '1' },
        { name: 'a', value: '2' },
      ]),
    ).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
  });
});

import { describe, expect, it } from 'vitest';
import { ErrorCode, errorName } from './error-codes.ts';

describe('ErrorCode', () => {
  it('numbers every code from -1 upwards without gaps or duplicates', () => {
    const codes = Object.values(ErrorCode).sort((a, b) => a - b);
    codes.forEach((code, index) => expect(code).toBe(index - 1));
  });

  it('names codes as Kafka does and flags unknown ones', () => {
    expect(errorName(ErrorCode.UNSUPPORTED_VERSION)).toBe('UNSUPPORTED_VERSION');
    expect(errorName(79)).toBe('MEMBER_ID_REQUIRED');
    expect(errorName(-1)).toBe('UNKNOWN_SERVER_ERROR');
    expect(errorName(9999)).toBe('UNKNOWN_ERROR_CODE(9999)');
  });
});

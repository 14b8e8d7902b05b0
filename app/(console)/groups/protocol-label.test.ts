import { expect, it } from 'vitest';
import { protocolLabel } from './protocol-label.ts';

it('names KIP-848 groups with their server-side assignor, classic groups by protocol type and assignor', () => {
  expect(protocolLabel({ type: 'consumer', protocolType: 'consumer', protocol: 'uniform' })).toBe('consumer protocol (KIP-848) / uniform');
  expect(protocolLabel({ type: 'classic', protocolType: 'consumer', protocol: 'range' })).toBe('consumer / range');
  expect(protocolLabel({ type: 'classic', protocolType: 'consumer', protocol: '' })).toBe('consumer');
  expect(protocolLabel({ type: 'classic', protocolType: '', protocol: '' })).toBeNull();
});

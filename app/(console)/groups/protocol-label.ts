// How a group's protocol reads on the groups pages: a KIP-848 group (group.protocol=consumer) is named as
// such with its server-side assignor; a classic group by its protocol type and the assignor its members chose.
export function protocolLabel(group: { type: string; protocolType: string; protocol: string }): string | null {
  if (group.type === 'consumer') return `consumer protocol (KIP-848)${group.protocol ? ` / ${group.protocol}` : ''}`;
  if (!group.protocolType) return null;
  return `${group.protocolType}${group.protocol ? ` / ${group.protocol}` : ''}`;
}

// Topic requests journey: an admin sets the cluster's policy; a member of a team with a prefix asks for a
// topic that breaks it, reads which rules and why, fixes it and submits; an operator approves it with one
// adjustment; the topic then exists on the built-in broker with the requested configs (read back with
// kafkajs), the audit log and the request's timeline show every step, and the member's badge and
// notifications tell the outcome.
import { Kafka, logLevel, ConfigResourceTypes } from 'kafkajs';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { describeBytes, estimateDiskBytes } from '../../domain/topic-policy.ts';
import { saveScreenshot, waitForText } from './browser.ts';
import { journey } from './journey.ts';

const topic = 'checkout.orders';
const throughput = { name: topic, partitions: 1, replicationFactor: 1, recordsPerSecond: 2000, averageRecordBytes: 1024 };
/** The form's disk estimate for `retentionMs`, as it words it. */
const diskFor = (retentionMs: number) =>
  new RegExp(
    `Disk use: ${describeBytes(estimateDiskBytes({ ...throughput, configs: { 'retention.ms': String(retentionMs) } }) ?? 0).replace('.', '\\.')}`,
  );

async function createUser(page: Page, username: string, role: string, team: string | null) {
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Name', { exact: true }).fill(username);
  await form.getByLabel('Password').fill(`${username}-password`);
  await form.getByLabel('Role').selectOption(role);
  if (team) await form.getByLabel('Team').selectOption({ label: team });
  await form.getByRole('button', { name: 'Add user' }).click();
  await page.locator('td', { hasText: username }).first().waitFor();
}

async function describeTopic(brokerBootstrap: string) {
  const kafka = new Kafka({ brokers: [brokerBootstrap], clientId: 'journey-topic-requests', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'cleanup.policy', 'compression.type'] }],
    });
    const configs = Object.fromEntries(described.resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
    return { partitions: metadata.topics[0].partitions.length, configs };
  } finally {
    await admin.disconnect();
  }
}

describe('topic requests journey', () => {
  journey(
    'a member asks for a topic, fixes what the policy refuses, an operator approves it and the broker has it',
    async ({ adminPage, openPage, signInAs, consoleUrl, brokerBootstrap }) => {
      // The admin makes a team with a prefix, a member of it, an operator, and the cluster's policy.
      await adminPage.getByRole('link', { name: 'Users & teams' }).click();
      const teamForm = adminPage.getByRole('form', { name: 'New team' });
      await teamForm.getByLabel('Team name').fill('checkout');
      await teamForm.getByLabel('Topic prefixes').fill('checkout.');
      await teamForm.getByRole('button', { name: 'Add team' }).click();
      await adminPage.getByRole('form', { name: 'Add prefix to checkout' }).waitFor();
      await createUser(adminPage, 'mia', 'member', 'checkout');
      await createUser(adminPage, 'oscar', 'operator', null);

      await adminPage.goto(`${consoleUrl}/requests/policies`);
      await waitForText(adminPage.getByRole('table', { name: 'Policies' }), /No policies yet/);
      const rules = adminPage.getByRole('region', { name: 'Policy rules' });
      await rules.getByLabel('Maximum partitions').fill('6');
      await rules.getByLabel('Maximum retention', { exact: true }).fill('3');
      await rules.getByLabel('Maximum retention unit').selectOption('d');
      await rules.getByRole('checkbox', { name: 'delete', exact: true }).check();
      await rules.getByRole('button', { name: 'Review and save…' }).click();
      const saveDialog = adminPage.getByRole('dialog');
      await waitForText(saveDialog.getByTestId('rules-before'), /no policy of its own/);
      await waitForText(saveDialog.getByTestId('rules-after'), /At most 6 partitions.*Retention at most 3 d.*cleanup\.policy delete/);
      await saveScreenshot(adminPage, 'topic-requests-policy-preview');
      await saveDialog.getByRole('button', { name: 'Save policy' }).click();
      await waitForText(
        adminPage.getByRole('table', { name: 'Policies' }),
        /Built-in broker.*every team without its own.*At most 6 partitions/,
      );
      await saveScreenshot(adminPage, 'topic-requests-policies');

      // The member asks for too much: the form names each broken rule and will not submit.
      const member = await openPage();
      await signInAs(member, 'mia', 'mia-password');
      await member.getByRole('link', { name: 'Requests' }).click();
      await waitForText(member.getByRole('table', { name: 'Topic requests' }), /No requests yet/);
      await member.getByRole('link', { name: 'New topic request' }).click();
      const form = member.getByRole('form', { name: 'New topic request' });
      await form.getByLabel('Topic name').fill(topic);
      await form.getByLabel('Partitions').fill('12');
      await form.getByLabel('Expected records per second').fill('2000');
      await form.getByLabel('Average record size (bytes)').fill('1024');
      await form.getByLabel('Add a config').selectOption('compression.type');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      await form.getByLabel('compression.type', { exact: true }).selectOption('zstd');
      const verdict = form.getByTestId('request-verdict');
      await waitForText(
        verdict,
        /cannot be submitted.*Rule "maximum partitions": 12 partitions; at most 6\..*Rule "retention bounds": retention\.ms 7 d is outside the bounds; use at most 3 d\./,
      );
      await waitForText(form.getByTestId('disk-estimate'), diskFor(7 * 86_400_000)); // 2000/s x 1 KiB x 7 d x 1 replica
      await waitForText(form.getByTestId('suggested-partitions'), /Suggested: 1 for 2\.0 MiB\/s/);
      await expect(form.getByRole('button', { name: 'Submit request' }).isDisabled()).resolves.toBe(true);
      await saveScreenshot(member, 'topic-requests-form-refused');

      // It fixes both: the suggested partitions and two days of retention.
      await form.getByRole('button', { name: 'Use 1' }).click();
      await form.getByLabel('Retention time', { exact: true }).fill('2');
      await waitForText(verdict, /This request follows the policy\./);
      await waitForText(form.getByTestId('disk-estimate'), diskFor(2 * 86_400_000));
      await form.getByLabel('Description').fill('Orders as the checkout writes them.');
      await form.getByRole('button', { name: 'Submit request' }).click();
      await member.waitForURL(/\/requests\/\d+$/);
      const requestUrl = member.url();
      await waitForText(member.getByTestId('request-state'), /pending approval/);
      await waitForText(member.getByTestId('timeline'), /pending\s*mia/);
      await expect(member.getByRole('button', { name: 'Approve…' }).count()).resolves.toBe(0);
      await saveScreenshot(member, 'topic-requests-pending');

      // The operator finds it in the queue and approves it with one more partition.
      const operator = await openPage({ colorScheme: 'dark' });
      await signInAs(operator, 'oscar', 'oscar-password');
      await operator.goto(`${consoleUrl}/requests?view=queue`);
      const queue = operator.getByRole('table', { name: 'Topic requests' });
      await waitForText(queue, new RegExp(`${topic.replace('.', '\\.')}.*mia.*pending approval`));
      await saveScreenshot(operator, 'topic-requests-queue-dark');
      await queue.getByRole('link', { name: topic }).click();
      await waitForText(operator.getByTestId('verdict-now'), /follows the policy in force/);
      await operator.getByRole('button', { name: 'Approve…' }).click();
      const approveDialog = operator.getByRole('dialog');
      await approveDialog.getByLabel('Approved partitions').fill('2');
      await approveDialog.getByLabel('Approval comment').fill('Two partitions, for the second consumer.');
      await waitForText(approveDialog.getByRole('table', { name: 'Adjustments to approve' }), /partitions\s*1\s*2/);
      await saveScreenshot(operator, 'topic-requests-approve-dark');
      await approveDialog.getByRole('button', { name: 'Approve with changes' }).click();
      await waitForText(operator.getByTestId('request-state'), /done/, 30_000);

      // The broker has the topic as asked, with the approver's adjustment.
      const described = await describeTopic(brokerBootstrap);
      expect(described).toEqual({
        partitions: 2,
        configs: { 'retention.ms': '172800000', 'cleanup.policy': 'delete', 'compression.type': 'zstd' },
      });

      // The requester sees the diff and the whole timeline, and the badge tells the outcome.
      await member.goto(requestUrl);
      await waitForText(member.getByTestId('request-state'), /done/);
      await waitForText(member.getByTestId('adjustments'), /partitions\s*1\s*2/);
      const timeline = await waitForText(member.getByTestId('timeline'), /created/);
      expect(timeline).toMatch(
        /pending\s*mia.*approved\s*oscar.*Approved by oscar with changes: partitions 1 -> 2.*provisioning\s*oscar.*created\s*oscar/s,
      );
      await waitForText(member.getByTestId('unread-count'), /^2$/);
      await saveScreenshot(member, 'topic-requests-created');
      await member.getByRole('link', { name: /Notifications/ }).click();
      const notifications = member.getByRole('table', { name: 'Notifications' });
      await waitForText(notifications, /was approved with changes by oscar/);
      await waitForText(notifications, /is done: the topic exists/);
      await saveScreenshot(member, 'topic-requests-notifications');
      await member.getByRole('button', { name: 'Mark all read' }).click();
      await waitForText(member.getByText(/Nothing unread/), /Nothing unread/);
      await expect(member.getByTestId('unread-count').count()).resolves.toBe(0);

      // The audit log has every step.
      await adminPage.goto(`${consoleUrl}/audit`);
      await adminPage.getByLabel('Resource').fill(topic);
      await adminPage.getByRole('button', { name: 'Filter' }).click();
      // The filters go to the address and the form is drawn anew from it: wait for that before typing again.
      await adminPage.waitForURL(/[?&]resource=/);
      const audit = await waitForText(adminPage.locator('table tbody'), /request\.provision/);
      for (const action of ['request.create', 'request.approve', 'request.provision', 'topic.create'])
        expect(audit, `audit has ${action}`).toContain(action);
      await adminPage.getByLabel('Resource').fill('');
      await adminPage.getByLabel('Action').selectOption('policy.set');
      await adminPage.getByRole('button', { name: 'Filter' }).click();
      await adminPage.waitForURL((url) => url.searchParams.get('action') === 'policy.set' && !url.searchParams.has('resource'));
      await waitForText(adminPage.locator('table tbody tr').first(), /policy\.set[\s\S]*Built-in broker[\s\S]*succeeded/);
    },
    240_000,
  );
  // Runs after the journey above: the member, their team's topic and the cluster's policy come from it.
  journey(
    "a member changes their team topic's retention at once within the policy; more partitions become a request they can cancel",
    async ({ openPage, signInAs, consoleUrl, brokerBootstrap }) => {
      const member = await openPage({ colorScheme: 'dark' });
      await signInAs(member, 'mia', 'mia-password');
      await member.goto(`${consoleUrl}/topics/${encodeURIComponent(topic)}`);
      await member.getByRole('button', { name: 'Request a change…' }).click();
      let dialog = member.getByRole('dialog');
      await dialog.getByLabel('New retention time', { exact: true }).fill('1');
      await waitForText(dialog.getByRole('table', { name: 'Change to send' }), /retention\.ms\s*172800000 \(2 d\)\s*86400000 \(1 d\)/);
      await dialog.getByRole('button', { name: 'Apply or request' }).click();
      await waitForText(dialog.getByTestId('change-outcome'), /Applied at once/);
      await saveScreenshot(member, 'topic-requests-change-applied-dark');
      await expect(describeTopic(brokerBootstrap)).resolves.toMatchObject({ configs: { 'retention.ms': '86400000' } });
      await dialog.getByRole('button', { name: 'Close' }).click();

      await member.getByRole('button', { name: 'Request a change…' }).click();
      dialog = member.getByRole('dialog');
      await dialog.getByLabel('New partition count').fill('4');
      await dialog.getByLabel('Why (for the approver)').fill('A third and fourth consumer.');
      await dialog.getByRole('button', { name: 'Send change request' }).click();
      await waitForText(dialog.getByTestId('change-outcome'), /Sent as change request #\d+/);
      await dialog.getByRole('link', { name: /change request #/ }).click();
      await waitForText(member.getByTestId('request-state'), /pending approval/);
      await waitForText(member.getByRole('table', { name: 'What was asked' }), /Partitions\s*2 → 4/);
      await member.getByRole('button', { name: 'Cancel request…' }).click();
      await member.getByRole('dialog').getByRole('button', { name: 'Cancel the request' }).click();
      await waitForText(member.getByTestId('request-state'), /cancelled/);
      await waitForText(member.getByTestId('timeline'), /pending\s*mia.*cancelled\s*mia/s);
      await saveScreenshot(member, 'topic-requests-change-cancelled-dark');
      await expect(describeTopic(brokerBootstrap)).resolves.toMatchObject({ partitions: 2 });

      await member.goto(`${consoleUrl}/requests?state=cancelled`);
      await waitForText(member.getByRole('table', { name: 'Topic requests' }), /change.*cancelled/);
      await member.goto(`${consoleUrl}/requests?view=mine&state=created`);
      await waitForText(member.getByRole('table', { name: 'Topic requests' }), /new topic.*done/);
      await member.goto(`${consoleUrl}/requests?view=mine&state=failed`);
      await waitForText(member.getByRole('table', { name: 'Topic requests' }), /No requests in the state “failed”\./);
      // From the configs page, retention beyond the policy becomes a change request; an operator rejects it.
      await member.goto(`${consoleUrl}/topics/${encodeURIComponent(topic)}/configs`);
      await member.getByRole('button', { name: 'Edit retention.ms' }).click();
      await member.getByLabel('New value of retention.ms', { exact: true }).fill('10');
      await member.getByRole('button', { name: 'Review changes' }).click();
      await waitForText(member.getByTestId('config-verdict'), /The cluster accepts these changes/);
      await member.getByRole('button', { name: 'Apply or request' }).click();
      await waitForText(
        member.getByTestId('change-outcome'),
        /Sent as change request #\d+: an operator or admin approves it \(it breaks 1 policy rule\(s\); they decide\)/,
      );
      await saveScreenshot(member, 'topic-requests-config-change-request-dark');
      const changeUrl = await member.getByRole('link', { name: /change request #/ }).getAttribute('href');
      const operator = await openPage();
      await signInAs(operator, 'oscar', 'oscar-password');
      await operator.goto(`${consoleUrl}${changeUrl}`);
      await waitForText(operator.getByTestId('request-configs'), /retention\.ms: 86400000 → 864000000 \(10 d\)/);
      await operator.getByRole('button', { name: 'Reject…' }).click();
      await operator.getByRole('dialog').getByLabel('Rejection comment').fill('Ten days is over the 3 d policy; use 3 d.');
      await operator.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
      await waitForText(operator.getByTestId('request-state'), /rejected/);
      await waitForText(operator.getByTestId('timeline'), /rejected\s*oscar.*Ten days is over/s);
      await expect(describeTopic(brokerBootstrap)).resolves.toMatchObject({ configs: { 'retention.ms': '86400000' } });
      await waitForText(member.getByTestId('unread-count'), /^1$/, 30_000);
      await member.getByRole('link', { name: /Notifications/ }).click();
      await waitForText(member.getByRole('table', { name: 'Notifications' }), /was rejected by oscar: Ten days is over the 3 d policy/);

      await member.goto(`${consoleUrl}/requests/999999`);
      await waitForText(member.getByRole('alert'), /There is no request #999999 you can see\./);
      await member.goto(`${consoleUrl}/requests/abc`);
      await waitForText(member.getByRole('alert'), /“abc” is not a request number\./);
    },
    180_000,
  );
});

// Alert rules and alerts. Everyone signed in reads; operators and admins edit rules, acknowledge and silence.
import { acknowledgeAlert, AcknowledgeAlertInput } from '../../services/alerts/acknowledge-alert.ts';
import { countFiringAlerts } from '../../services/alerts/count-firing-alerts.ts';
import { createAlertRule, CreateAlertRuleInput } from '../../services/alerts/create-alert-rule.ts';
import { deleteAlertRule, DeleteAlertRuleInput } from '../../services/alerts/delete-alert-rule.ts';
import { getAlert, GetAlertInput } from '../../services/alerts/get-alert.ts';
import { getAlertRule, GetAlertRuleInput } from '../../services/alerts/get-alert-rule.ts';
import { listAlertRules } from '../../services/alerts/list-alert-rules.ts';
import { listAlerts, ListAlertsInput } from '../../services/alerts/list-alerts.ts';
import { silenceAlert, SilenceAlertInput } from '../../services/alerts/silence-alert.ts';
import { updateAlertRule, UpdateAlertRuleInput } from '../../services/alerts/update-alert-rule.ts';
import { createTRPCRouter, operatorProcedure, viewerProcedure } from '../trpc.ts';

export const alertsRouter = createTRPCRouter({
  list: viewerProcedure.input(ListAlertsInput).query(({ ctx, input }) => listAlerts({ ctx, input })),
  get: viewerProcedure.input(GetAlertInput).query(({ ctx, input }) => getAlert({ ctx, input })),
  /** The navigation badge. */
  countFiring: viewerProcedure.query(({ ctx }) => countFiringAlerts({ ctx })),
  acknowledge: operatorProcedure.input(AcknowledgeAlertInput).mutation(({ ctx, input }) => acknowledgeAlert({ ctx, input })),
  silence: operatorProcedure.input(SilenceAlertInput).mutation(({ ctx, input }) => silenceAlert({ ctx, input })),
  listRules: viewerProcedure.query(({ ctx }) => listAlertRules({ ctx })),
  getRule: viewerProcedure.input(GetAlertRuleInput).query(({ ctx, input }) => getAlertRule({ ctx, input })),
  createRule: operatorProcedure.input(CreateAlertRuleInput).mutation(({ ctx, input }) => createAlertRule({ ctx, input })),
  updateRule: operatorProcedure.input(UpdateAlertRuleInput).mutation(({ ctx, input }) => updateAlertRule({ ctx, input })),
  deleteRule: operatorProcedure.input(DeleteAlertRuleInput).mutation(({ ctx, input }) => deleteAlertRule({ ctx, input })),
});

import { cancelScan, CancelScanInput } from '../../services/messages/cancel-scan.ts';
import { getRecord, GetRecordInput } from '../../services/messages/get-record.ts';
import { getScan, GetScanInput } from '../../services/messages/get-scan.ts';
import { produceRecord, ProduceRecordInput } from '../../services/messages/produce-record.ts';
import { startScan, StartScanInput } from '../../services/messages/start-scan.ts';
import { tailRecords, TailRecordsInput } from '../../services/messages/tail-records.ts';
import { createTRPCRouter, memberProcedure, tracked, viewerProcedure } from '../trpc.ts';

export const messagesRouter = createTRPCRouter({
  /** Starts a browse or search; the page then polls `scan`. A mutation: it creates server-side work. */
  search: viewerProcedure.input(StartScanInput).mutation(({ ctx, input }) => startScan({ ctx, input })),
  scan: viewerProcedure.input(GetScanInput).query(({ ctx, input }) => getScan({ ctx, input })),
  cancel: viewerProcedure.input(CancelScanInput).mutation(({ ctx, input }) => cancelScan({ ctx, input })),
  get: viewerProcedure.input(GetRecordInput).query(({ ctx, input }) => getRecord({ ctx, input })),
  /** The live tail over server-sent events; each event's id lets a reconnecting client resume exactly. */
  tail: viewerProcedure.input(TailRecordsInput).subscription(async function* ({ ctx, input }) {
    for await (const event of tailRecords({ ctx, input })) yield tracked(event.resumeAt, event);
  }),
  produce: memberProcedure.input(ProduceRecordInput).mutation(({ ctx, input }) => produceRecord({ ctx, input })),
});

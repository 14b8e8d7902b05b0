import { z } from 'zod';
import { addCluster, NewCluster } from '../../services/clusters/add-cluster.ts';
import { checkCluster } from '../../services/clusters/check-cluster.ts';
import { getClusterOverview } from '../../services/clusters/get-cluster-overview.ts';
import { removeCluster } from '../../services/clusters/remove-cluster.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

const ClusterRef = z.object({ clusterId: z.string().min(1) });

export const clustersRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => ctx.clusters.list()),
  status: viewerProcedure.input(ClusterRef).query(({ ctx, input }) => checkCluster(ctx.clusters, input.clusterId)),
  overview: viewerProcedure.input(ClusterRef).query(({ ctx, input }) => getClusterOverview(ctx.clusters, input.clusterId)),
  create: adminProcedure.input(NewCluster).mutation(({ ctx, input }) => addCluster(ctx, input)),
  remove: adminProcedure.input(ClusterRef).mutation(({ ctx, input }) => removeCluster(ctx, input.clusterId)),
});

import { checkCluster, CheckClusterInput } from '../../services/clusters/check-cluster.ts';
import { createCluster, CreateClusterInput } from '../../services/clusters/create-cluster.ts';
import { deleteCluster, DeleteClusterInput } from '../../services/clusters/delete-cluster.ts';
import { getClusterOverview, GetClusterOverviewInput } from '../../services/clusters/get-cluster-overview.ts';
import { listClusters } from '../../services/clusters/list-clusters.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const clustersRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listClusters({ ctx })),
  status: viewerProcedure.input(CheckClusterInput).query(({ ctx, input }) => checkCluster({ ctx, input })),
  overview: viewerProcedure.input(GetClusterOverviewInput).query(({ ctx, input }) => getClusterOverview({ ctx, input })),
  create: adminProcedure.input(CreateClusterInput).mutation(({ ctx, input }) => createCluster({ ctx, input })),
  /** Stored external clusters only; audited as cluster.delete. */
  delete: adminProcedure.input(DeleteClusterInput).mutation(({ ctx, input }) => deleteCluster({ ctx, input })),
});

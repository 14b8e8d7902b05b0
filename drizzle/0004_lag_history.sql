CREATE TABLE "group_lag_samples" (
	"group_key" integer NOT NULL,
	"topic_key" integer NOT NULL,
	"resolution" smallint NOT NULL,
	"sampled_at" timestamp (3) with time zone NOT NULL,
	"members" smallint NOT NULL,
	"lag" bigint NOT NULL,
	"time_lag_ms" bigint,
	"committed_offsets" bigint[] NOT NULL,
	"partition_lags" bigint[] NOT NULL,
	"partition_time_lags_ms" bigint[] NOT NULL,
	CONSTRAINT "group_lag_samples_pk" PRIMARY KEY("group_key","resolution","sampled_at","topic_key")
);
--> statement-breakpoint
CREATE TABLE "lag_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"group_id" text NOT NULL,
	CONSTRAINT "lag_groups_cluster_group_unique" UNIQUE("cluster_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "lag_rollup_positions" (
	"resolution" smallint PRIMARY KEY NOT NULL,
	"rolled_until" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lag_sample_rounds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"sampled_at" timestamp (3) with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"groups" integer NOT NULL,
	"partitions" integer NOT NULL,
	"brokers" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "lag_topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"topic" text NOT NULL,
	CONSTRAINT "lag_topics_cluster_topic_unique" UNIQUE("cluster_id","topic")
);
--> statement-breakpoint
CREATE TABLE "topic_offset_samples" (
	"topic_key" integer NOT NULL,
	"resolution" smallint NOT NULL,
	"sampled_at" timestamp (3) with time zone NOT NULL,
	"log_start_offsets" bigint[] NOT NULL,
	"end_offsets" bigint[] NOT NULL,
	"size_bytes" bigint[],
	CONSTRAINT "topic_offset_samples_pk" PRIMARY KEY("topic_key","resolution","sampled_at")
);
--> statement-breakpoint
CREATE INDEX "group_lag_samples_resolution_sampled_at_idx" ON "group_lag_samples" USING btree ("resolution","sampled_at");--> statement-breakpoint
CREATE INDEX "lag_sample_rounds_cluster_sampled_at_idx" ON "lag_sample_rounds" USING btree ("cluster_id","sampled_at");--> statement-breakpoint
CREATE INDEX "topic_offset_samples_resolution_sampled_at_idx" ON "topic_offset_samples" USING btree ("resolution","sampled_at");
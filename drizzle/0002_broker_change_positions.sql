CREATE TABLE "broker_change_positions" (
	"cluster_id" text PRIMARY KEY NOT NULL,
	"topic_id" text NOT NULL,
	"next_offset" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "replays" (
	"id" text PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"source_topic" text NOT NULL,
	"target_topic" text NOT NULL,
	"settings" jsonb NOT NULL,
	"plan" jsonb NOT NULL,
	"status" text NOT NULL,
	"requested_by_user_id" text,
	"requested_by_name" text NOT NULL,
	"approved_by_name" text,
	"approved_at" timestamp with time zone,
	"progress" jsonb,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"outcome_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "replays_created_at_idx" ON "replays" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "replays_status_idx" ON "replays" USING btree ("status");
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"request_id" integer,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "topic_policies" (
	"id" text PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"team_id" text,
	"rules" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "topic_policies_scope_unique" UNIQUE NULLS NOT DISTINCT("cluster_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "topic_request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_name" text NOT NULL,
	"step" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "topic_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"cluster_id" text NOT NULL,
	"team_id" text,
	"topic_name" text NOT NULL,
	"partitions" integer NOT NULL,
	"replication_factor" integer NOT NULL,
	"configs" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"records_per_second" integer DEFAULT 0 NOT NULL,
	"average_record_bytes" integer DEFAULT 0 NOT NULL,
	"expected_consumers" jsonb NOT NULL,
	"estimated_disk_bytes" bigint,
	"current_state" jsonb,
	"state" text DEFAULT 'pending' NOT NULL,
	"requester_user_id" text,
	"requester_name" text NOT NULL,
	"decider_name" text,
	"decision_comment" text,
	"adjustments" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_request_id_topic_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."topic_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_policies" ADD CONSTRAINT "topic_policies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_request_events" ADD CONSTRAINT "topic_request_events_request_id_topic_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."topic_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_requests" ADD CONSTRAINT "topic_requests_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_requests" ADD CONSTRAINT "topic_requests_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id","created_at") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "topic_request_events_request_idx" ON "topic_request_events" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "topic_requests_live_name_unique" ON "topic_requests" USING btree ("cluster_id","topic_name") WHERE "topic_requests"."kind" = 'create' and "topic_requests"."state" in ('pending', 'approved', 'provisioning', 'failed');--> statement-breakpoint
CREATE INDEX "topic_requests_state_created_idx" ON "topic_requests" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "topic_requests_team_idx" ON "topic_requests" USING btree ("team_id");
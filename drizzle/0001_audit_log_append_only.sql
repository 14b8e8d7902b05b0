-- audit_log is append-only, enforced here and not only in code. A row is inserted 'pending' before a change
-- and completed exactly once afterwards: the only UPDATE allowed sets outcome from 'pending' to
-- 'succeeded' or 'failed' and fills after/error/completed_at, leaving every other column as it was.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.outcome <> 'pending' OR NEW.outcome NOT IN ('succeeded', 'failed') OR NEW.completed_at IS NULL
     OR NEW.id IS DISTINCT FROM OLD.id
     OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
     OR NEW.actor_user_id IS DISTINCT FROM OLD.actor_user_id
     OR NEW.actor_name IS DISTINCT FROM OLD.actor_name
     OR NEW.actor_role IS DISTINCT FROM OLD.actor_role
     OR NEW.action IS DISTINCT FROM OLD.action
     OR NEW.cluster_id IS DISTINCT FROM OLD.cluster_id
     OR NEW.resource_type IS DISTINCT FROM OLD.resource_type
     OR NEW.resource_name IS DISTINCT FROM OLD.resource_name
     OR NEW.parameters IS DISTINCT FROM OLD.parameters
     OR NEW.before IS DISTINCT FROM OLD.before
     OR NEW.request_id IS DISTINCT FROM OLD.request_id
     OR NEW.client_address IS DISTINCT FROM OLD.client_address THEN
    RAISE EXCEPTION 'audit_log is append-only: only the single completion of a pending record is allowed'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_guard_rows BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
CREATE TRIGGER audit_log_guard_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

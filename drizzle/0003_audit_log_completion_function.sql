-- Completing an audit record goes through this function instead of an UPDATE by the console's role, so on
-- Postgres the console can run as a role that may only INSERT and SELECT on audit_log (README "Running on
-- Postgres with a restricted role"): it cannot UPDATE, DELETE, TRUNCATE or ALTER the table (and so cannot
-- disable the append-only trigger). SECURITY DEFINER: the function runs as its owner, the role that ran the
-- migrations; it only ever moves a 'pending' record to its outcome once, and the trigger still checks that.
-- search_path is pinned and the table qualified so no object a caller creates can stand in for audit_log.
CREATE FUNCTION complete_audit_record(record_id bigint, final_outcome text, final_after jsonb, final_error text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF final_outcome NOT IN ('succeeded', 'failed') THEN
    RAISE EXCEPTION 'an audit record is completed as succeeded or failed, not %', final_outcome;
  END IF;
  UPDATE public.audit_log
     SET outcome = final_outcome, after = final_after, error = final_error, completed_at = now()
   WHERE id = record_id AND outcome = 'pending';
  RETURN FOUND;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION complete_audit_record(bigint, text, jsonb, text) FROM PUBLIC;

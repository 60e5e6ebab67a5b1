-- Post-call work (issue #5): queue the post_call job (jobs/tasks/post_call.ts) in the SAME
-- transaction that ends a call, so the job commits with the call's end and disappears with it on
-- rollback. Called by server/calls/post-call-enqueue.ts enqueuePostCall(tx, callId).
--
-- The application role has no rights on graphile_worker, so the function runs as its owner
-- (SECURITY DEFINER, fixed search_path). The job key "post_call:<callId>" makes a second
-- enqueue (runtime end + LiveKit room_finished webhook) replace the waiting job instead of adding
-- one; the job itself is idempotent too (Call.metadata.postCall). Returns false when
-- graphile-worker has not installed its schema yet (nothing queued).
CREATE OR REPLACE FUNCTION enqueue_post_call(tenant_id TEXT, call_id TEXT, delay_seconds INTEGER DEFAULT 0) RETURNS BOOLEAN
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
BEGIN
  IF to_regnamespace('graphile_worker') IS NULL THEN
    RETURN FALSE;
  END IF;
  PERFORM graphile_worker.add_job(
    'post_call',
    json_build_object('tenantId', tenant_id, 'callId', call_id),
    run_at := now() + make_interval(secs => GREATEST(delay_seconds, 0)),
    job_key := 'post_call:' || call_id,
    max_attempts := 5
  );
  RETURN TRUE;
END
$$;
REVOKE ALL ON FUNCTION enqueue_post_call(TEXT, TEXT, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION enqueue_post_call(TEXT, TEXT, INTEGER) TO switchboard_app;

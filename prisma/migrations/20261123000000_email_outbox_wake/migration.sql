-- Wakes the e-mail sender in the same transaction that queues the mail (jobs/tasks/send_email.ts).
-- A trigger, not a call after commit, because enqueueEmail runs inside request transactions:
-- the job commits with the outbox row and disappears with it on rollback. It also fires when a
-- failed message is set back to pending (Outbox "Retry").
--
-- The application role has no rights on graphile_worker, so the function runs as its owner
-- (SECURITY DEFINER, fixed search_path). graphile-worker installs its schema when a worker or
-- WorkerUtils first connects; until then the trigger does nothing and the email_outbox_sweep
-- cron picks the mail up.
CREATE OR REPLACE FUNCTION email_outbox_wake_sender() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
BEGIN
  IF NEW."status" = 'pending' AND to_regnamespace('graphile_worker') IS NOT NULL THEN
    PERFORM graphile_worker.add_job(
      'send_email',
      json_build_object('id', NEW."id"),
      job_key := 'email:' || NEW."id",
      max_attempts := 10
    );
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION email_outbox_wake_sender() FROM PUBLIC;

CREATE TRIGGER email_outbox_wake_on_insert
  AFTER INSERT ON "EmailOutbox"
  FOR EACH ROW EXECUTE FUNCTION email_outbox_wake_sender();

CREATE TRIGGER email_outbox_wake_on_retry
  AFTER UPDATE OF "status" ON "EmailOutbox"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION email_outbox_wake_sender();

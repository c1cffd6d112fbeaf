-- Run once as a PostgreSQL superuser, connected to the station's database, after the first station
-- has started on it (so migration 0002 made the tables). Replace `station` with the login role the
-- stations use. Afterwards that role can only add to the audit log and read it: no TRUNCATE, DELETE,
-- UPDATE, ALTER (no disabling the triggers), DROP, or replacing the trigger functions.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'station_owner') THEN
    CREATE ROLE station_owner NOLOGIN;
  END IF;
END $$;
DO $$
DECLARE item record;
BEGIN
  EXECUTE format('ALTER DATABASE %I OWNER TO station_owner', current_database());
  ALTER SCHEMA public OWNER TO station_owner;
  FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('ALTER TABLE public.%I OWNER TO station_owner', item.tablename);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO station_owner', item.signature);
  END LOOP;
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM station;
REVOKE CREATE ON SCHEMA public FROM station;
GRANT USAGE ON SCHEMA public TO station;
GRANT SELECT ON alembic_version TO station;
GRANT SELECT, INSERT, UPDATE ON inspections, users, recipe_thresholds, recipe_fingerprints TO station;
GRANT SELECT, INSERT ON gaps, reviews, line_counts TO station;
GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures TO station;
GRANT SELECT, INSERT ON audit TO station;
GRANT SELECT, UPDATE ON audit_head TO station;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO station;

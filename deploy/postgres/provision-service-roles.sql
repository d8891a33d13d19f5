-- One-time provisioning of a service's Postgres roles, run by a superuser (roles are cluster-wide,
-- BYPASSRLS and extensions need one). Idempotent: existing roles are left as they are.
--
--   psql "postgres://<superuser>@<host>/<database>" -v ON_ERROR_STOP=1 \
--     -v database=forecastin -v app_role=forecastin_entity_app \
--     -v owner=entity_owner -v owner_password='...' \
--     -v login=entity_app -v login_password='...' \
--     -f deploy/postgres/provision-service-roles.sql
--
-- owner     the migration Job's login (`<service>-migrator-database`): creates the schema and owns
--           its tables; needs no superuser and no BYPASSRLS.
-- login     the running service's login (`<service>-database`). BYPASSRLS because the work that
--           spans workspaces runs as this login outside withTenant(): the outbox relay drains every
--           workspace's events, the hierarchy projection and its reads filter by workspace in SQL.
--           Tenant requests switch to app_role in withTenant(), where row-level security applies.
--           It gets its table privileges by inheriting app_role's grants (the migration runner
--           grants app_role DML on every table of the schema), so it can change rows, never DDL.
-- app_role  forecastin_<schema>_app: NOLOGIN, NOBYPASSRLS; the role withTenant() switches to.

CREATE EXTENSION IF NOT EXISTS ltree WITH SCHEMA public;
SELECT 'CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public'
 WHERE EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') \gexec

SELECT format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT', :'app_role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD %L', :'owner', :'owner_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER BYPASSRLS INHERIT PASSWORD %L', :'login', :'login_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'login') \gexec

-- The owner's runner creates the schema. Without the membership it would GRANT app_role to
-- itself, which only a superuser or a CREATEROLE user may do.
GRANT CREATE ON DATABASE :"database" TO :"owner";
GRANT :"app_role" TO :"owner";
GRANT :"app_role" TO :"login";

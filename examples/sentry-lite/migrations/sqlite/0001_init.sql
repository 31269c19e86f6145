-- Schema and seed data of the example, applied once by `sqlx::migrate!` (recorded in `_sqlx_migrations`).
-- Idempotent (`IF NOT EXISTS`, `OR IGNORE`), so a database made before sqlx recorded migrations takes it too.
--
-- Who sees what: an organization's owners and managers see all its projects; members
-- and admins see the projects of the teams they are on. What each role may do there is
-- Sentry's role table (`access::role_scopes`), intersected with the token's scopes. API tokens are stored as SHA-256 hashes
-- only; the demo tokens the server prints are the preimages of the seeded hashes.
CREATE TABLE IF NOT EXISTS organizations (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS members (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- Sentry's organization roles; what each may do is `access::role_scopes`.
    role            TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'admin', 'member')),
    UNIQUE (organization_id, user_id)
);

CREATE TABLE IF NOT EXISTS teams (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    slug            TEXT NOT NULL,
    name            TEXT NOT NULL,
    UNIQUE (organization_id, slug)
);

CREATE TABLE IF NOT EXISTS team_members (
    team_id   INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, member_id)
);

CREATE TABLE IF NOT EXISTS projects (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    slug            TEXT NOT NULL,
    name            TEXT NOT NULL,
    date_created    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (organization_id, slug)
);

CREATE TABLE IF NOT EXISTS project_teams (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, team_id)
);

CREATE TABLE IF NOT EXISTS project_keys (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    label        TEXT NOT NULL,
    public_key   TEXT NOT NULL UNIQUE,
    date_created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The operator's staff: what no organization role grants (the internal API document).
CREATE TABLE IF NOT EXISTS staff (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    scopes     TEXT NOT NULL,
    label      TEXT NOT NULL
);

INSERT OR IGNORE INTO organizations (id, slug, name) VALUES
    (1, 'acme', 'Acme Inc.'),
    (2, 'globex', 'Globex Corporation'),
    (3, 'initech', 'Initech');

-- Bob belongs to two organizations: a plain member of Acme, the owner of Globex. Frank is
-- an admin of Acme on its mobile team; Sam is the operator's staff and in no organization.
INSERT OR IGNORE INTO users (id, email, name) VALUES
    (1, 'alice@acme.test', 'Alice'),
    (2, 'bob@acme.test', 'Bob'),
    (3, 'carol@globex.test', 'Carol'),
    (4, 'dave@initech.test', 'Dave'),
    (5, 'erin@acme.test', 'Erin'),
    (6, 'frank@acme.test', 'Frank'),
    (7, 'sam@operator.test', 'Sam');

INSERT OR IGNORE INTO staff (user_id) VALUES (7);

INSERT OR IGNORE INTO members (id, organization_id, user_id, role) VALUES
    (1, 1, 1, 'owner'),
    (2, 1, 2, 'member'),
    (3, 2, 2, 'owner'),
    (4, 2, 3, 'member'),
    (5, 3, 4, 'owner'),
    (6, 1, 5, 'member'),
    (7, 1, 6, 'admin');

INSERT OR IGNORE INTO teams (id, organization_id, slug, name) VALUES
    (1, 1, 'platform', 'Platform'),
    (2, 1, 'mobile', 'Mobile'),
    (3, 2, 'payments', 'Payments'),
    (4, 3, 'reports', 'Reports');

INSERT OR IGNORE INTO team_members (team_id, member_id) VALUES
    (1, 2),
    (3, 4),
    (4, 5),
    (2, 7);

INSERT OR IGNORE INTO projects (id, organization_id, slug, name) VALUES
    (1, 1, 'backend', 'Backend'),
    (2, 1, 'frontend', 'Frontend'),
    (3, 1, 'mobile', 'Mobile'),
    (4, 2, 'billing', 'Billing'),
    (5, 3, 'tps-reports', 'TPS Reports');

INSERT OR IGNORE INTO project_teams (project_id, team_id) VALUES
    (1, 1),
    (2, 1),
    (3, 2),
    (4, 3),
    (5, 4);

INSERT OR IGNORE INTO project_keys (id, project_id, label, public_key) VALUES
    (1, 1, 'Default', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
    (2, 1, 'CI', 'b2c3d4e5f60718293a4b5c6d7e8f90a1'),
    (3, 2, 'Default', 'c3d4e5f60718293a4b5c6d7e8f90a1b2'),
    (4, 3, 'Default', 'd4e5f60718293a4b5c6d7e8f90a1b2c3'),
    (5, 4, 'Default', 'e5f60718293a4b5c6d7e8f90a1b2c3d4'),
    (6, 5, 'Default', 'f60718293a4b5c6d7e8f90a1b2c3d4e5');

-- sha256 of demo-alice-admin, demo-alice-read, demo-bob-write, demo-carol-read,
-- demo-dave-admin, demo-erin-noscope, demo-frank-admin, demo-sam-staff.
INSERT OR IGNORE INTO api_tokens (id, user_id, token_hash, scopes, label) VALUES
    (1, 1, '638190b306583a92a74a20f2c426bc0df44792439142570e933bf4fa9e56e991',
        'org:admin project:admin team:admin member:admin', 'alice admin'),
    (2, 1, '53c3ad950225a72381671cf8660996175254d1d02baf4c7f3be2c3607e6828c8',
        'org:read project:read team:read member:read', 'alice read-only'),
    (3, 2, '965b79a09ec1638a2cd3aecaf8581ace25384992c6b414370e705b8a90f40f37',
        'org:read project:admin team:read member:read', 'bob'),
    (4, 3, 'd363036be2a5888b5bb83d438bcbd562038b09d02c6f4d60fa4fcb6d1437768e',
        'org:read project:read team:read member:read', 'carol read-only'),
    (5, 4, '5a570d5bee6efad39fe6d04a6c05abc888af82471b3498f5466b442e2fae2b73',
        'org:admin project:admin team:admin member:admin', 'dave admin'),
    (6, 5, '778db5061d76b7dadc2863f6eed998a99ed3e42560a981bec58e87a3bdff0167',
        '', 'erin, no scopes'),
    (7, 6, '609a8f997680b874f92477ff87028aed61f1d4f5c1b72e83d0fc7bbfa4fa9d2d',
        'org:read project:admin team:admin member:read event:admin', 'frank'),
    (8, 7, 'b2ab4c9ed685271367d0c8c612eda6d4af4cef56e76efc86538613cf71d67725',
        'org:read', 'sam, staff');

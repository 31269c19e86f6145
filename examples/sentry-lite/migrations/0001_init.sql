-- Schema and seed data of the example. Applied at start; idempotent.
CREATE TABLE IF NOT EXISTS organizations (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS projects (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    slug            TEXT NOT NULL,
    name            TEXT NOT NULL,
    date_created    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (organization_id, slug)
);

INSERT OR IGNORE INTO organizations (id, slug, name) VALUES
    (1, 'acme', 'Acme Inc.'),
    (2, 'globex', 'Globex Corporation'),
    (3, 'initech', 'Initech');

INSERT OR IGNORE INTO projects (id, organization_id, slug, name) VALUES
    (1, 1, 'backend', 'Backend'),
    (2, 1, 'frontend', 'Frontend'),
    (3, 1, 'mobile', 'Mobile'),
    (4, 2, 'billing', 'Billing'),
    (5, 3, 'tps-reports', 'TPS Reports');

-- Issues: what the paginated lists walk. Applied once after 0001 by `sqlx::migrate!`.
--
-- Seed: 1,000 issues in acme/backend, 1,500 in globex/billing, a few elsewhere, created a
-- minute apart from 2026-01-01, with deterministic titles, levels and statuses.
CREATE TABLE IF NOT EXISTS issues (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('error', 'warning', 'info')),
    status       TEXT NOT NULL DEFAULT 'unresolved'
                 CHECK (status IN ('unresolved', 'resolved', 'ignored')),
    times_seen   INTEGER NOT NULL DEFAULT 1,
    date_created TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS issues_by_project_date ON issues (project_id, date_created, id);
CREATE INDEX IF NOT EXISTS issues_by_project_title ON issues (project_id, title, id);
CREATE INDEX IF NOT EXISTS projects_by_org_slug ON projects (organization_id, slug, id);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
INSERT OR IGNORE INTO issues (id, project_id, title, level, status, times_seen, date_created)
SELECT
    i,
    CASE WHEN i <= 1000 THEN 1 ELSE 4 END,
    CASE i % 4
        WHEN 0 THEN 'TypeError: cannot read property ''id'' of undefined #'
        WHEN 1 THEN 'ConnectionResetError in worker #'
        WHEN 2 THEN 'KeyError: ''user'' in session #'
        ELSE 'Timeout talking to the payment gateway #'
    END || i,
    CASE i % 3 WHEN 0 THEN 'error' WHEN 1 THEN 'warning' ELSE 'info' END,
    CASE WHEN i % 10 = 0 THEN 'resolved' ELSE 'unresolved' END,
    1 + (i * 7919) % 500,
    strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01T00:00:00Z', '+' || i || ' minutes')
FROM n;

INSERT OR IGNORE INTO issues (id, project_id, title, level, status, times_seen, date_created) VALUES
    (3001, 2, 'Hydration mismatch on /settings', 'warning', 'unresolved', 12, '2026-02-01T09:00:00Z'),
    (3002, 3, 'App not responding on launch', 'error', 'unresolved', 40, '2026-02-01T10:00:00Z'),
    (3003, 5, 'Cover sheet missing', 'info', 'ignored', 3, '2026-02-01T11:00:00Z');

-- The demo tokens gain the `event` scope that the issue endpoints ask for.
UPDATE api_tokens SET scopes = 'org:admin project:admin team:admin member:admin event:admin' WHERE id IN (1, 5);
UPDATE api_tokens SET scopes = 'org:read project:read team:read member:read event:read' WHERE id = 2;
-- Carol's token also names scopes this server does not know (an OpenID scope, another
-- service's): they grant nothing and are logged once, never a 500.
UPDATE api_tokens SET scopes = 'org:read project:read team:read member:read event:read openid billing:read' WHERE id = 4;
UPDATE api_tokens SET scopes = 'org:read project:admin team:read member:read event:write' WHERE id = 3;
